import * as monaco from 'monaco-editor';
import { lookupVariable } from '../../shared/variables';
import { describeHit } from '../lib/tab-variables';
import { hoverLayers } from '../lib/variable-hover-source';

/**
 * Hovering a `{{name}}` in a body shows its value and the scope it comes from (issue 12), or
 * that it has none — the same resolution the resolved-URL line and Send use.
 */
const REFERENCE = /\{\{\s*([^{}]+?)\s*\}\}/g;

for (const language of ['json', 'xml', 'plaintext', 'graphql']) {
  monaco.languages.registerHoverProvider(language, {
    provideHover(model, position) {
      const line = model.getLineContent(position.lineNumber);
      for (const match of line.matchAll(REFERENCE)) {
        const start = (match.index ?? 0) + 1;
        const end = start + match[0].length;
        if (position.column < start || position.column > end) continue;
        const hit = lookupVariable(match[1], hoverLayers());
        return {
          range: new monaco.Range(position.lineNumber, start, position.lineNumber, end),
          contents: [
            {
              value: hit
                ? describeHit(hit)
                : `{{${match[1]}}} has no value in any scope: a request using it is not sent.`,
            },
          ],
        };
      }
      return null;
    },
  });
}
