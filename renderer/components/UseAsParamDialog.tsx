import { useMemo, useState } from 'react';
import type { Preset } from '../../shared/catalog';
import { guessParameter, pathParameters, presetsWithParameter } from '../lib/use-as-param';
import { Dialog } from './Dialog';

interface Props {
  value: string;
  steps: Array<string | number>;
  onOpen(preset: Preset, param: string): void;
  onClose(): void;
}

/**
 * "Use as {param} in…": a value from a response opens a preset with that path parameter filled
 * — a users-table row's id opens Update User or Remove User from Site with `{user-id}` set.
 */
export function UseAsParamDialog({ value, steps, onOpen, onClose }: Props) {
  const [param, setParam] = useState(() => guessParameter(steps) ?? pathParameters[0]);
  const [filter, setFilter] = useState('');
  const presets = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    return presetsWithParameter(param).filter((p) =>
      words.every((w) => `${p.method} ${p.name}`.toLowerCase().includes(w)),
    );
  }, [param, filter]);
  return (
    <Dialog
      title={`Use as {${param}} in…`}
      wide
      onClose={onClose}
      actions={
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      }
    >
      <div className="form-grid">
        <span className="muted">Value</span>
        <output className="mono" aria-label="Value">
          {value.length > 120 ? `${value.slice(0, 120)}…` : value}
        </output>
        <label htmlFor="use-as-param">Path parameter</label>
        <select id="use-as-param" value={param} onChange={(e) => setParam(e.target.value)}>
          {pathParameters.map((name) => (
            <option key={name} value={name}>
              {`{${name}}`}
            </option>
          ))}
        </select>
        <label htmlFor="use-as-filter">Find</label>
        <input
          id="use-as-filter"
          type="search"
          placeholder="update, remove, groups…"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      <ul className="list use-as-list" aria-label={`Presets with {${param}}`}>
        {presets.map((preset) => (
          <li key={preset.id}>
            <button type="button" className="link preset" onClick={() => onOpen(preset, param)}>
              <span className={`method method-${preset.method.toLowerCase()}`}>
                {preset.method}
              </span>
              <span className="preset-name">{preset.name}</span>
              <span className="muted small-text mono">
                {preset.path.replace('/api/{api-version}', '')}
              </span>
            </button>
          </li>
        ))}
        {presets.length === 0 && <li className="empty">No preset takes {`{${param}}`}.</li>}
      </ul>
    </Dialog>
  );
}
