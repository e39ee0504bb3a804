import { useState } from 'react';
import type { Connection, SessionInfo } from '../../shared/connection';
import { BulkUsersDialog } from './BulkUsersDialog';

/** "Users from CSV…" under the connections: opens the import for the selected connection. */
export function BulkUsersButton({
  connection,
  session,
}: {
  connection: Connection | null;
  session: SessionInfo | null;
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
        Users from CSV…
      </button>
      {open && connection && (
        <BulkUsersDialog connection={connection} session={session} onClose={() => setOpen(false)} />
      )}
    </div>
  );
}
