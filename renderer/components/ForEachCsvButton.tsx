import { useState } from 'react';
import { createPortal } from 'react-dom';
import type { Preset } from '../../shared/catalog';
import { ForEachRowDialog } from './ForEachRowDialog';

/**
 * “For each row of a CSV…” beside Send: the tab's preset, sent once per row of a CSV file,
 * with the same mapping, preview and run as For each row from a response.
 */
export function ForEachCsvButton({
  preset,
  connectionId,
}: {
  preset: Preset | undefined;
  connectionId: string;
}) {
  const [open, setOpen] = useState(false);
  // A file part per row (publishing) or a GraphQL query has nothing a CSV column maps onto.
  if (!preset || preset.body?.format === 'multipart' || preset.path.startsWith('/api/metadata/'))
    return null;
  return (
    <>
      <button
        type="button"
        title={`Send ${preset.name} once for each row of a CSV file: map its columns, preview every request, then run`}
        onClick={() => setOpen(true)}
      >
        For each row of a CSV…
      </button>
      {open &&
        // Like Copy as…: the dialog leaves the request bar's form, so its submit never sends
        // the tab's request.
        createPortal(
          <div onSubmit={(e) => e.stopPropagation()}>
            <ForEachRowDialog
              connectionId={connectionId}
              source={{ kind: 'csv' }}
              presetId={preset.id}
              onClose={() => setOpen(false)}
            />
          </div>,
          document.body,
        )}
    </>
  );
}
