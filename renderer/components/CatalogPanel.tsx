import { useMemo, useState } from 'react';
import { catalog, searchCatalog, type Preset } from '../../shared/catalog';

export function CatalogPanel({ onOpen }: { onOpen(preset: Preset): void }) {
  const [query, setQuery] = useState('');
  const presets = useMemo(() => (query.trim() ? searchCatalog(query) : [...catalog]).slice(0, 200), [query]);
  return (
    <section aria-labelledby="catalog-heading" className="panel grow">
      <h2 id="catalog-heading">Catalog</h2>
      <input type="search" aria-label="Search the catalog" placeholder="Search endpoints" value={query} onChange={(e) => setQuery(e.target.value)} />
      <ul className="list" aria-label="Endpoint presets">
        {presets.map((preset) => (
          <li key={preset.id}>
            <button type="button" className="link preset" onClick={() => onOpen(preset)}>
              <span className={`method method-${preset.method.toLowerCase()}`}>{preset.method}</span> {preset.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
