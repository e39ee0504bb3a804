import { PAYLOAD_PART, baseName } from '../multipart';
import type { RequestBody } from '../request';
import type { ImportNote } from './report';

/**
 * Multipart parts read from an import (Postman's `formdata`, curl's `-F`) → Trestle's
 * `multipart/mixed` body (tableau-api.md §6): the `request_payload` part is the body's text,
 * file parts keep their name, file name and type. Files are never taken by path from an
 * import: a collection or a pasted command could name any file on this machine, so each file
 * part starts unpicked (the body is not sent until the user picks the file) and the report
 * says which file it named.
 */

export interface ImportedPart {
  name: string;
  kind: 'text' | 'file';
  /** A text part's value. */
  value?: string;
  /** A file part's path as the source wrote it. */
  src?: string;
  contentType?: string;
}

const PART_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const MAX_FILES = 8;

export function multipartFromParts(parts: readonly ImportedPart[]): {
  body: RequestBody;
  notes: ImportNote[];
  /** Text parts the body cannot hold, for the description. */
  kept: string;
} {
  const notes: ImportNote[] = [];
  const kept: string[] = [];
  let text = '';
  let payloadType: 'xml' | 'json' = 'xml';
  const files: Extract<RequestBody, { kind: 'multipart' }>['files'] = [];
  for (const part of parts) {
    if (part.name === PAYLOAD_PART) {
      if (part.kind === 'file') {
        notes.push({
          kind: 'changed',
          what: `${PAYLOAD_PART} from ${part.src || 'a file'}`,
          why: 'The payload was read from a file the import does not carry: paste its XML or JSON into the body.',
        });
      } else text = part.value ?? '';
      const first = text.trimStart()[0];
      payloadType =
        /json/i.test(part.contentType ?? '') || first === '{' || first === '[' ? 'json' : 'xml';
      continue;
    }
    if (part.kind === 'text') {
      notes.push({
        kind: 'dropped',
        what: `multipart text part “${part.name}”`,
        why: 'Tableau’s multipart methods take request_payload and file parts only; its text is kept in the description.',
      });
      if (part.value) kept.push(`Part “${part.name}”:\n${part.value}`);
      continue;
    }
    if (
      !PART_NAME.test(part.name) ||
      files.length >= MAX_FILES ||
      files.some((f) => f.name === part.name)
    ) {
      notes.push({
        kind: 'dropped',
        what: `file part “${part.name.slice(0, 100)}”`,
        why:
          files.length >= MAX_FILES
            ? `A multipart body holds at most ${MAX_FILES} files.`
            : 'A part name is letters, digits, _ . - (once each).',
      });
      continue;
    }
    const src = part.src?.trim() ?? '';
    files.push({
      name: part.name,
      path: '',
      ...(src ? { filename: baseName(src) } : {}),
      ...(part.contentType ? { contentType: part.contentType } : {}),
    });
    notes.push({
      kind: 'changed',
      what: `file part ${part.name}${src ? ` (${src})` : ''}`,
      why: 'Pick the file in the body before sending: an import never reads a file by the path it names.',
    });
  }
  if (!text && files.length === 0 && !parts.some((p) => p.name === PAYLOAD_PART))
    return { body: { kind: 'none' }, notes, kept: kept.join('\n\n') };
  return { body: { kind: 'multipart', text, payloadType, files }, notes, kept: kept.join('\n\n') };
}
