import type { Preset } from '../../shared/catalog';
import { httpMethodSchema, type RequestSpec } from '../../shared/request';

/** A request filled from a preset: method, path, its default query parameters, body template. */
export function specFromPreset(preset: Preset): RequestSpec {
  const template = preset.body?.format === 'json' ? preset.body.template : undefined;
  return {
    method: preset.method,
    path: preset.path,
    pathParams: {},
    query: preset.query
      .filter((q) => q.default !== undefined)
      .map((q) => ({ name: q.name, value: q.default as string, enabled: true })),
    headers: [],
    body:
      template === undefined
        ? { kind: 'none' }
        : { kind: 'json', text: JSON.stringify(template, null, 2) },
    accept: 'json',
  };
}

interface Props {
  spec: RequestSpec;
  sending: boolean;
  onChange(spec: RequestSpec): void;
  onSend(): void;
}

export function RequestPanel({ spec, sending, onChange, onSend }: Props) {
  return (
    <form
      className="request-bar"
      aria-label="Request"
      onSubmit={(event) => {
        event.preventDefault();
        onSend();
      }}
    >
      <select
        aria-label="Method"
        value={spec.method}
        onChange={(e) => onChange({ ...spec, method: httpMethodSchema.parse(e.target.value) })}
      >
        {httpMethodSchema.options.map((m) => (
          <option key={m}>{m}</option>
        ))}
      </select>
      <input
        aria-label="Path"
        className="path"
        value={spec.path}
        onChange={(e) => onChange({ ...spec, path: e.target.value })}
        spellCheck={false}
      />
      <button type="submit" className="primary" disabled={sending}>
        {sending ? 'Sending…' : 'Send'}
      </button>
    </form>
  );
}
