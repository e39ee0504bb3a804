import { cellSteps, guessParameter } from '../lib/use-as-param';
import { useChain } from '../state/use-chaining';

interface Props {
  column: string;
  /** The selected cell's text, or null while its row is not loaded. */
  value(): string | null;
  onNotice(message: string): void;
}

/**
 * Chaining from the table (issue 12): the selected cell "Set as variable…" (the name read
 * from its column: a users list's `id` is `user-id`), or "Use as {user-id} in…" — Update User,
 * Remove User from Site — opened with that path parameter filled.
 */
export function CellActions({ column, value, onNotice }: Props) {
  const chain = useChain();
  const tabId = chain?.activeTabId;
  if (!chain || !tabId) return null;
  const steps = cellSteps(chain.activeTab?.response?.list?.path ?? null, column);
  const param = guessParameter(steps);
  const picked = () => {
    const text = value();
    if (text === null) onNotice('That row is not loaded; scroll to it and try again.');
    return text;
  };
  return (
    <>
      <button
        type="button"
        className="small"
        title="Keep this cell’s value as a {{variable}}"
        onClick={() => {
          const text = picked();
          if (text !== null)
            chain.openDialog({
              kind: 'setVariable',
              tabId,
              value: text,
              name: param ?? column.replace(/\./g, '-'),
              capture: null,
            });
        }}
      >
        Set as variable…
      </button>
      <button
        type="button"
        className="small"
        title="Open a request with this value in a path parameter"
        onClick={() => {
          const text = picked();
          if (text !== null) chain.openDialog({ kind: 'useAsParam', tabId, value: text, steps });
        }}
      >
        Use as {param ? `{${param}}` : '{param}'} in…
      </button>
    </>
  );
}
