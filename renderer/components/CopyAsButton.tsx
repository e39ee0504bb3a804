import { useState } from 'react';
import { createPortal } from 'react-dom';
import type { Preset } from '../../shared/catalog';
import type { Connection, SessionInfo } from '../../shared/connection';
import type { RequestTab } from '../state/tab-model';
import { useChain } from '../state/use-chaining';
import { CopyAsDialog } from './CopyAsDialog';

interface Props {
  tab: RequestTab;
  preset: Preset | undefined;
  connection: Connection | undefined;
  session: SessionInfo | null;
}

/** “Copy as…” beside Send: the tab's request as code (no token, no secret). */
export function CopyAsButton({ tab, preset, connection, session }: Props) {
  const chain = useChain();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" title="Copy this request as code" onClick={() => setOpen(true)}>
        Copy as…
      </button>
      {open &&
        // The button sits in the request bar's form: the dialog (a form of its own) goes to the
        // document's end, and its submit stops here, so Copy never sends the request.
        createPortal(
          <div onSubmit={(e) => e.stopPropagation()}>
            <CopyAsDialog
              spec={tab.spec}
              name={tab.title}
              preset={preset}
              connection={connection}
              session={session}
              layers={chain?.layersForTab(tab) ?? []}
              onClose={() => setOpen(false)}
            />
          </div>,
          document.body,
        )}
    </>
  );
}
