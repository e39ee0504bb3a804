import { assertionSchema, captureSchema } from '../../shared/captures';
import type { AfterSend } from '../state/tab-model';

/**
 * The whole captures and assertions of a tab — those with their variable name, JSON path and
 * expected status — which are what is saved with a request and applied after a send; rows still
 * being typed stay on the tab only.
 */
export function completeAfterSend(afterSend: AfterSend): AfterSend {
  return {
    captures: afterSend.captures.filter(
      (c) => captureSchema.safeParse(c).success && (c.from !== 'body' || c.path.trim() !== ''),
    ),
    assertions: afterSend.assertions.filter((a) => assertionSchema.safeParse(a).success),
  };
}

/** How many captures and assertions a tab has, for its section's label: " (3)", or nothing. */
export function afterSendCount(afterSend: AfterSend): string {
  const total = afterSend.captures.length + afterSend.assertions.length;
  return total ? ` (${total})` : '';
}
