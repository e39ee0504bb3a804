import { useEffect, useRef, useState } from 'react';
import type { JsonSchema } from '../../shared/catalog';
import { monaco, monacoTheme, setModelSchema } from './monaco-setup';

interface Props {
  /** One model per request tab keeps each tab's undo history. */
  tabId: string;
  value: string;
  language: 'json' | 'xml' | 'plaintext';
  schema?: JsonSchema;
  onChange(text: string): void;
}

const models = new Map<string, monaco.editor.ITextModel>();

function modelUri(tabId: string): monaco.Uri {
  return monaco.Uri.parse(`inmemory://trestle/body/${tabId}.json`);
}

/** Frees a closed tab's body model and its schema registration. */
export function disposeBodyModel(tabId: string): void {
  const model = models.get(tabId);
  if (!model) return;
  setModelSchema(model.uri.toString(), undefined);
  model.dispose();
  models.delete(tabId);
}

function modelFor(tabId: string, value: string, language: string): monaco.editor.ITextModel {
  let model = models.get(tabId);
  if (!model || model.isDisposed()) {
    model = monaco.editor.createModel(value, language, modelUri(tabId));
    models.set(tabId, model);
  }
  return model;
}

/**
 * The request body in Monaco: JSON gets the preset's JSON Schema (squiggles, completion,
 * hovers); XML gets highlighting. Problems are counted under the editor.
 */
export function BodyEditor({ tabId, value, language, schema, onChange }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
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
      ariaLabel: 'Request body',
      fixedOverflowWidgets: true,
    });
    const sub = editor.current.onDidChangeModelContent(() => {
      const text = editor.current?.getValue() ?? '';
      onChangeRef.current(text);
    });
    return () => {
      sub.dispose();
      editor.current?.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    const model = modelFor(tabId, value, language);
    if (editor.current && editor.current.getModel() !== model) editor.current.setModel(model);
    if (model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
    if (model.getValue() !== value) model.setValue(value);
    setModelSchema(model.uri.toString(), language === 'json' ? schema : undefined);
  }, [tabId, value, language, schema]);

  useEffect(() => {
    const uri = modelUri(tabId);
    const read = () => setProblems(monaco.editor.getModelMarkers({ resource: uri }));
    read();
    const sub = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((u) => u.toString() === uri.toString())) read();
    });
    return () => sub.dispose();
  }, [tabId]);

  return (
    <div className="body-editor">
      <div className="code-view" ref={host} data-testid="body-editor" />
      <div className="problems" aria-live="polite" aria-label="Body problems">
        {problems.length === 0 ? (
          <span className="muted">
            {schema && language === 'json' ? 'Matches the schema' : 'No problems'}
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
