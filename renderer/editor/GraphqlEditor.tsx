import type { GraphQLSchema } from 'graphql';
import { useEffect, useRef, useState } from 'react';
import { setGraphqlSchema, validateGraphqlModel } from './graphql-language';
import { monaco, monacoTheme } from './monaco-setup';

interface Props {
  /** One model per request tab keeps each tab's undo history. */
  tabId: string;
  value: string;
  /** The introspected schema: completion, hover and validation; null: syntax only. */
  schema: GraphQLSchema | null;
  onChange(text: string): void;
}

const models = new Map<string, monaco.editor.ITextModel>();

function modelFor(tabId: string, value: string): monaco.editor.ITextModel {
  let model = models.get(tabId);
  if (!model || model.isDisposed()) {
    model = monaco.editor.createModel(
      value,
      'graphql',
      monaco.Uri.parse(`inmemory://trestle/graphql/${tabId}.graphql`),
    );
    models.set(tabId, model);
  }
  return model;
}

/**
 * The GraphQL document in Monaco: highlighting, and with the server's schema completion
 * (Ctrl+Space), hover docs and squiggles where the query is wrong. Problems are listed under it.
 */
export function GraphqlEditor({ tabId, value, schema, onChange }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  /**
   * Texts handed to onChange and not yet seen back: a render that lags behind fast typing
   * brings one of them, which is no outside change and must not replace what is being typed.
   */
  const emitted = useRef(new Set<string>());
  const [problems, setProblems] = useState<monaco.editor.IMarker[]>([]);

  useEffect(() => {
    if (!host.current) return;
    editor.current = monaco.editor.create(host.current, {
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 12,
      lineNumbersMinChars: 3,
      tabSize: 2,
      theme: monacoTheme(),
      ariaLabel: 'GraphQL query',
      fixedOverflowWidgets: true,
      quickSuggestions: { other: true, comments: false, strings: false },
    });
    let timer: number | undefined;
    const sub = editor.current.onDidChangeModelContent(() => {
      const model = editor.current?.getModel();
      const text = editor.current?.getValue() ?? '';
      emitted.current.add(text);
      onChangeRef.current(text);
      window.clearTimeout(timer);
      timer = window.setTimeout(() => model && validateGraphqlModel(model), 150);
    });
    return () => {
      window.clearTimeout(timer);
      sub.dispose();
      editor.current?.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    const model = modelFor(tabId, value);
    if (editor.current && editor.current.getModel() !== model) editor.current.setModel(model);
    // Only a change from outside (another tab's text, a preset) replaces the model: a render
    // that lags behind fast typing must not put older text back under the cursor.
    const ours = emitted.current.has(value);
    if (model.getValue() === value || ours) {
      if (model.getValue() === value) emitted.current.clear();
      return;
    }
    model.setValue(value);
  }, [tabId, value]);

  useEffect(() => {
    setGraphqlSchema(modelFor(tabId, value), schema);
  }, [tabId, schema]);

  useEffect(() => {
    const uri = monaco.Uri.parse(`inmemory://trestle/graphql/${tabId}.graphql`);
    const read = () => setProblems(monaco.editor.getModelMarkers({ resource: uri }));
    read();
    const sub = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((u) => u.toString() === uri.toString())) read();
    });
    return () => sub.dispose();
  }, [tabId]);

  return (
    <div className="body-editor graphql-editor">
      <div className="code-view" ref={host} data-testid="graphql-editor" />
      <div className="problems" aria-live="polite" aria-label="Query problems">
        {problems.length === 0 ? (
          <span className="muted">
            {schema ? 'Valid against the schema' : 'No syntax problems (no schema loaded)'}
          </span>
        ) : (
          problems.slice(0, 3).map((p, i) => (
            <button
              type="button"
              key={i}
              className="link problem"
              onClick={() => {
                editor.current?.setPosition({
                  lineNumber: p.startLineNumber,
                  column: p.startColumn,
                });
                editor.current?.revealLineInCenter(p.startLineNumber);
                editor.current?.focus();
              }}
            >
              ⚠ Line {p.startLineNumber}: {p.message}
            </button>
          ))
        )}
        {problems.length > 3 && <span className="muted">+{problems.length - 3} more</span>}
      </div>
    </div>
  );
}
