import { useState } from 'react';
import type { Connection, SessionInfo } from '../../shared/connection';
import { BulkUsersDialog } from './BulkUsersDialog';

/**
 * "Users from CSV…": opens the import for a connection — under the connections, and beside the
 * Add User to Site and Import Users to Site from CSV presets, where one-by-one users are sent.
 */
export function BulkUsersButton({
  connection,
  session,
  label = 'Users from CSV…',
}: {
  connection: Connection | null;
  session: SessionInfo | null;
  label?: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="bulk-launch">
      <button
        type="button"
        className="small"
        disabled={!connection}
        title={
          connection
            ? `Create and update users on ${connection.name} from a CSV file, with a dry run first`
            : 'Add a connection first'
        }
        onClick={() => setOpen(true)}
      >
        {label}
      </button>
      {open && connection && (
        <BulkUsersDialog connection={connection} session={session} onClose={() => setOpen(false)} />
      )}
    </div>
  );
}
