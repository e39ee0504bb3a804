import type { GraphQLSchema } from 'graphql';
import {
  getAutocompleteSuggestions,
  getDiagnostics,
  getHoverInformation,
  Position,
} from 'graphql-language-service';
import { monaco } from './monaco-setup';

/**
 * GraphQL in Monaco with GraphiQL's own language service (`graphql-language-service`, MIT):
 * completion, hover docs and validation from the introspected schema, run on the main thread
 * (the service is pure functions; a query is small). Monaco ships GraphQL highlighting.
 * `monaco-graphql` would add a worker but its peer range stops before our Monaco (0.57).
 */

/** The schema each GraphQL model is checked against, by model URI; none: syntax only. */
const schemas = new Map<string, GraphQLSchema | null>();
let registered = false;

/** LSP completion kinds (1-based, as the language service gives them) to Monaco's. */
const KIND: Record<number, monaco.languages.CompletionItemKind> = {
  2: monaco.languages.CompletionItemKind.Method,
  3: monaco.languages.CompletionItemKind.Function,
  5: monaco.languages.CompletionItemKind.Field,
  6: monaco.languages.CompletionItemKind.Variable,
  7: monaco.languages.CompletionItemKind.Class,
  8: monaco.languages.CompletionItemKind.Interface,
  10: monaco.languages.CompletionItemKind.Property,
  12: monaco.languages.CompletionItemKind.Value,
  13: monaco.languages.CompletionItemKind.Enum,
  14: monaco.languages.CompletionItemKind.Keyword,
  15: monaco.languages.CompletionItemKind.Snippet,
  20: monaco.languages.CompletionItemKind.EnumMember,
  21: monaco.languages.CompletionItemKind.Constant,
  22: monaco.languages.CompletionItemKind.Struct,
  25: monaco.languages.CompletionItemKind.TypeParameter,
};

function cursor(position: monaco.Position): Position {
  return new Position(position.lineNumber - 1, position.column - 1);
}

function register(): void {
  if (registered) return;
  registered = true;
  monaco.languages.registerCompletionItemProvider('graphql', {
    triggerCharacters: ['{', '(', ':', '$', ' ', '@', '\n'],
    provideCompletionItems(model, position) {
      const schema = schemas.get(model.uri.toString());
      if (!schema) return { suggestions: [] };
      const word = model.getWordUntilPosition(position);
      const range = new monaco.Range(
        position.lineNumber,
        word.startColumn,
        position.lineNumber,
        word.endColumn,
      );
      const items = getAutocompleteSuggestions(schema, model.getValue(), cursor(position));
      return {
        suggestions: items.map((item, i) => ({
          label: item.label,
          kind: KIND[item.kind ?? 5] ?? monaco.languages.CompletionItemKind.Field,
          detail: item.detail ?? (item.type ? String(item.type) : undefined),
          documentation: item.documentation ? { value: item.documentation } : undefined,
          insertText: item.insertText ?? item.label,
          insertTextRules:
            item.insertTextFormat === 2
              ? monaco.languages.CompletionItemInsertTextRule.InsertAsSnippet
              : undefined,
          range,
          sortText: String(i).padStart(4, '0'),
          tags: item.isDeprecated ? [monaco.languages.CompletionItemTag.Deprecated] : undefined,
        })),
      };
    },
  });
  monaco.languages.registerHoverProvider('graphql', {
    provideHover(model, position) {
      const schema = schemas.get(model.uri.toString());
      if (!schema) return null;
      const contents = getHoverInformation(schema, model.getValue(), cursor(position));
      const text = Array.isArray(contents)
        ? contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n\n')
        : typeof contents === 'string'
          ? contents
          : contents.value;
      if (!text) return null;
      return { contents: [{ value: text }] };
    },
  });
}

/** Checks the model now: syntax always, fields/arguments/types when it has a schema. */
export function validateGraphqlModel(model: monaco.editor.ITextModel): void {
  if (model.isDisposed()) return;
  const schema = schemas.get(model.uri.toString()) ?? null;
  const text = model.getValue();
  const markers = text.trim()
    ? getDiagnostics(text, schema).map((d) => ({
        severity: d.severity === 2 ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Error,
        message: typeof d.message === 'string' ? d.message : d.message.value,
        startLineNumber: d.range.start.line + 1,
        startColumn: d.range.start.character + 1,
        endLineNumber: d.range.end.line + 1,
        endColumn: Math.max(d.range.end.character + 1, d.range.start.character + 2),
      }))
    : [];
  monaco.editor.setModelMarkers(model, 'graphql', markers);
}

/** Gives a GraphQL model its schema (or none) and checks it again. */
export function setGraphqlSchema(
  model: monaco.editor.ITextModel,
  schema: GraphQLSchema | null,
): void {
  register();
  schemas.set(model.uri.toString(), schema);
  validateGraphqlModel(model);
}

export function forgetGraphqlModel(uri: string): void {
  schemas.delete(uri);
}
