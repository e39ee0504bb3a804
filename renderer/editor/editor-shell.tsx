import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { monaco, monacoTheme } from './monaco-setup';

/**
 * What the request body editor and the GraphQL editor share: one Monaco editor per mounted
 * component over a model per tab, the text kept in step with React's value without putting
 * older text back under the cursor, and the model's problems listed under the editor.
 */

/** A model per tab and kind: each keeps its own undo history while the tab lives. */
export class TabModels {
  private readonly models = new Map<string, monaco.editor.ITextModel>();
  constructor(private readonly uriFor: (tabId: string) => monaco.Uri) {}

  uri(tabId: string): monaco.Uri {
    return this.uriFor(tabId);
  }

  get(tabId: string, value: string, language: string): monaco.editor.ITextModel {
    let model = this.models.get(tabId);
    if (!model || model.isDisposed()) {
      model = monaco.editor.createModel(value, language, this.uriFor(tabId));
      this.models.set(tabId, model);
    }
    return model;
  }

  dispose(tabId: string): monaco.editor.ITextModel | undefined {
    const model = this.models.get(tabId);
    if (!model) return undefined;
    model.dispose();
    this.models.delete(tabId);
    return model;
  }
}

/**
 * Creates the editor in `host` once and reports every edit. Texts handed to `onText` and not
 * yet seen back are remembered: a render that lags behind fast typing brings one of them back
 * as `value`, which is no outside change and must not replace what is being typed.
 */
export function useCodeEditor(
  host: RefObject<HTMLDivElement | null>,
  options: monaco.editor.IStandaloneEditorConstructionOptions,
  onText: (text: string, model: monaco.editor.ITextModel | null) => void,
) {
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const emitted = useRef(new Set<string>());
  const onTextRef = useRef(onText);
  onTextRef.current = onText;
  const optionsRef = useRef(options);

  useEffect(() => {
    if (!host.current) return;
    const created = monaco.editor.create(host.current, {
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 12,
      lineNumbersMinChars: 3,
      tabSize: 2,
      theme: monacoTheme(),
      fixedOverflowWidgets: true,
      ...optionsRef.current,
    });
    editor.current = created;
    const sub = created.onDidChangeModelContent(() => {
      const text = created.getValue();
      emitted.current.add(text);
      onTextRef.current(text, created.getModel());
    });
    return () => {
      sub.dispose();
      created.dispose();
      editor.current = null;
    };
  }, [host]);

  /** Shows `model` and brings `value` into it when it changed from outside (a preset, a tab). */
  const show = useCallback((model: monaco.editor.ITextModel, value: string) => {
    if (editor.current && editor.current.getModel() !== model) editor.current.setModel(model);
    if (model.getValue() === value) {
      emitted.current.clear();
      return;
    }
    if (emitted.current.has(value)) return;
    emitted.current.clear();
    model.setValue(value);
  }, []);

  return { editor, show };
}

/** The markers Monaco keeps for the model at `uri`, kept current. */
export function useModelProblems(uri: monaco.Uri): monaco.editor.IMarker[] {
  const [problems, setProblems] = useState<monaco.editor.IMarker[]>([]);
  const key = uri.toString();
  useEffect(() => {
    const resource = monaco.Uri.parse(key);
    const read = () => setProblems(monaco.editor.getModelMarkers({ resource }));
    read();
    const sub = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((u) => u.toString() === key)) read();
    });
    return () => sub.dispose();
  }, [key]);
  return problems;
}

/** The first three problems as links to their place, or a line saying there are none. */
export function ProblemsList({
  label,
  problems,
  editor,
  none,
}: {
  label: string;
  problems: monaco.editor.IMarker[];
  editor: RefObject<monaco.editor.IStandaloneCodeEditor | null>;
  none: string;
}) {
  return (
    <div className="problems" aria-live="polite" aria-label={label}>
      {problems.length === 0 ? (
        <span className="muted">{none}</span>
      ) : (
        problems.slice(0, 3).map((p, i) => (
          <button
            type="button"
            key={i}
            className="link problem"
            onClick={() => {
              editor.current?.setPosition({ lineNumber: p.startLineNumber, column: p.startColumn });
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
  );
}
