import { useEffect, useRef } from 'react';
import type { JsonSchema } from '../../shared/catalog';
import { ProblemsList, TabModels, useCodeEditor, useModelProblems } from './editor-shell';
import { monaco, setModelSchema } from './monaco-setup';

interface Props {
  /** One model per request tab keeps each tab's undo history. */
  tabId: string;
  value: string;
  language: 'json' | 'xml' | 'plaintext';
  schema?: JsonSchema;
  onChange(text: string): void;
}

const models = new TabModels((tabId) => monaco.Uri.parse(`inmemory://trestle/body/${tabId}.json`));

/** Frees a closed tab's body model and its schema registration. */
export function disposeBodyModel(tabId: string): void {
  const model = models.dispose(tabId);
  if (model) setModelSchema(model.uri.toString(), undefined);
}

/**
 * The request body in Monaco: JSON gets the preset's JSON Schema (squiggles, completion,
 * hovers); XML gets highlighting. Problems are counted under the editor.
 */
export function BodyEditor({ tabId, value, language, schema, onChange }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const { editor, show } = useCodeEditor(host, { ariaLabel: 'Request body' }, (text) =>
    onChange(text),
  );
  const problems = useModelProblems(models.uri(tabId));

  useEffect(() => {
    const model = models.get(tabId, value, language);
    if (model.getLanguageId() !== language) monaco.editor.setModelLanguage(model, language);
    show(model, value);
    setModelSchema(model.uri.toString(), language === 'json' ? schema : undefined);
  }, [show, tabId, value, language, schema]);

  return (
    <div className="body-editor">
      <div className="code-view" ref={host} data-testid="body-editor" />
      <ProblemsList
        label="Body problems"
        problems={problems}
        editor={editor}
        none={schema && language === 'json' ? 'Matches the schema' : 'No problems'}
      />
    </div>
  );
}
