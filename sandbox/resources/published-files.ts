import type { SiteContent } from '../data/site-content';
import type { KeptFile } from '../http/stored-bytes';

/**
 * What was published, byte for byte: each published item's revisions (the newest last), so
 * downloads of the item and of a revision return exactly the uploaded file. Items the sandbox
 * generated have none, and their downloads stay generated.
 */
export type PublishedKind = 'workbook' | 'datasource' | 'flow';

export interface PublishedRevision {
  number: number;
  file: KeptFile;
  /** The extension it was published with: twb, twbx, tds, tdsx, hyper, tfl… */
  extension: string;
  publishedAt: string;
  publisherId: string;
}

/** Tableau keeps 25 revisions by default (site `revisionLimit`); older ones are dropped. */
const KEPT_REVISIONS = 25;
const kept = new WeakMap<SiteContent, Map<string, PublishedRevision[]>>();

function table(content: SiteContent): Map<string, PublishedRevision[]> {
  let map = kept.get(content);
  if (!map) {
    map = new Map();
    kept.set(content, map);
  }
  return map;
}

export function keepPublished(
  content: SiteContent,
  kind: PublishedKind,
  id: string,
  revision: Omit<PublishedRevision, 'number'>,
): PublishedRevision {
  const key = `${kind}:${id}`;
  const revisions = table(content).get(key) ?? [];
  const added = {
    ...revision,
    file: revision.file.keep(),
    number: (revisions.at(-1)?.number ?? 0) + 1,
  };
  revisions.push(added);
  while (revisions.length > KEPT_REVISIONS) revisions.shift()?.file.dispose();
  table(content).set(key, revisions);
  return added;
}

/** The item's published revisions, oldest first, or null when it was never published here. */
export function publishedRevisions(
  content: SiteContent,
  kind: PublishedKind,
  id: string,
): PublishedRevision[] | null {
  return table(content).get(`${kind}:${id.toLowerCase()}`) ?? null;
}

/** The newest published revision, or null. */
export function publishedFile(
  content: SiteContent,
  kind: PublishedKind,
  id: string,
): PublishedRevision | null {
  return publishedRevisions(content, kind, id)?.at(-1) ?? null;
}

/** A download's file name: the item's name and the extension it was published with. */
export function publishedFileName(name: string, extension: string, suffix = ''): string {
  return `${name.replace(/[\\/:*?"<>|]+/g, '_')}${suffix}.${extension}`;
}
