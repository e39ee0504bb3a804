import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import type { JsonSchema } from '../../shared/catalog';
// `{{variable}}` hovers in bodies (issue 12).
import './variable-hover';

/**
 * Monaco bundled locally (nothing from a CDN): workers come from `?worker` imports so the CSP's
 * `worker-src 'self'` holds. Only the JSON worker is real; other languages use the base worker.
 */
self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string) {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

const darkQuery = window.matchMedia?.('(prefers-color-scheme: dark)');

/** Dark when the app is set to dark, or follows an OS in dark mode. */
export function isDark(): boolean {
  const forced = document.documentElement.dataset.theme;
  if (forced) return forced === 'dark';
  return Boolean(darkQuery?.matches);
}

export function monacoTheme(): string {
  return isDark() ? 'vs-dark' : 'vs';
}

export function syncMonacoTheme(): void {
  monaco.editor.setTheme(monacoTheme());
}
darkQuery?.addEventListener('change', syncMonacoTheme);

/**
 * JSON schemas by model URI. Monaco's JSON service takes one global list, so each body model
 * registers its preset's schema here (`fileMatch` = the model's URI).
 */
const schemas = new Map<string, JsonSchema>();

function pushSchemas(): void {
  monaco.json.jsonDefaults.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemas: [...schemas].map(([uri, schema]) => ({
      uri: `${uri}#schema`,
      fileMatch: [uri],
      schema,
    })),
  });
}

export function setModelSchema(uri: string, schema: JsonSchema | undefined): void {
  if (schema) schemas.set(uri, schema);
  else if (!schemas.delete(uri)) return;
  pushSchemas();
}

export { monaco };
