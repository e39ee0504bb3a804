import type { GraphQLSchema } from 'graphql';
import { useEffect, useRef } from 'react';
import { ProblemsList, TabModels, useCodeEditor, useModelProblems } from './editor-shell';
import { setGraphqlSchema, validateGraphqlModel } from './graphql-language';
import { monaco } from './monaco-setup';

interface Props {
  /** One model per request tab keeps each tab's undo history. */
  tabId: string;
  value: string;
  /** The introspected schema: completion, hover and validation; null: syntax only. */
  schema: GraphQLSchema | null;
  onChange(text: string): void;
}

const models = new TabModels((tabId) =>
  monaco.Uri.parse(`inmemory://trestle/graphql/${tabId}.graphql`),
);

/**
 * The GraphQL document in Monaco: highlighting, and with the server's schema completion
 * (Ctrl+Space), hover docs and squiggles where the query is wrong. Problems are listed under it.
 */
export function GraphqlEditor({ tabId, value, schema, onChange }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const timer = useRef<number | undefined>(undefined);
  const { editor, show } = useCodeEditor(
    host,
    {
      ariaLabel: 'GraphQL query',
      quickSuggestions: { other: true, comments: false, strings: false },
    },
    (text, model) => {
      onChange(text);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => model && validateGraphqlModel(model), 150);
    },
  );
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const problems = useModelProblems(models.uri(tabId));

  useEffect(() => {
    show(models.get(tabId, value, 'graphql'), value);
  }, [show, tabId, value]);

  useEffect(() => {
    setGraphqlSchema(models.get(tabId, value, 'graphql'), schema);
    // Only a new schema or tab re-registers; the text is the model's own.
  }, [tabId, schema]);

  return (
    <div className="body-editor graphql-editor">
      <div className="code-view" ref={host} data-testid="graphql-editor" />
      <ProblemsList
        label="Query problems"
        problems={problems}
        editor={editor}
        none={schema ? 'Valid against the schema' : 'No syntax problems (no schema loaded)'}
      />
    </div>
  );
}
