import type { DocumentKind } from '../../shared/documents';
import { migrate, MigrationError, type DocumentTypes } from '../../shared/migrate';
import type { CorruptFileReport, DocumentStore } from './document-store';

/**
 * Typed, migrated documents over a DocumentStore. Each document is read and migrated once,
 * then served from memory: a send never re-reads or re-parses a store file. Writes are
 * whole-document and atomic; `later` writes (history) are coalesced so a burst of sends
 * writes once.
 */
export class Persistence {
  private readonly docs = new Map<DocumentKind, unknown>();
  private readonly pending = new Set<DocumentKind>();
  private timer: NodeJS.Timeout | null = null;
  private readonly problems: CorruptFileReport[] = [];

  constructor(
    readonly store: DocumentStore,
    private readonly debounceMs = 1000,
  ) {}

  read<K extends DocumentKind>(kind: K): DocumentTypes[K] {
    if (!this.docs.has(kind)) this.docs.set(kind, this.load(kind));
    return this.docs.get(kind) as DocumentTypes[K];
  }

  private load<K extends DocumentKind>(kind: K): DocumentTypes[K] {
    const raw = this.store.get(kind);
    try {
      const doc = migrate(kind, raw);
      const version = (raw as { schemaVersion?: unknown } | undefined)?.schemaVersion;
      // Write the upgraded form back so the old shape is read once only.
      if (raw !== undefined && version !== doc.schemaVersion) this.store.set(kind, doc);
      return doc;
    } catch (error) {
      if (!(error instanceof MigrationError)) throw error;
      const report = this.store.quarantine(kind, error.message);
      if (report) this.problems.push(report);
      return migrate(kind, undefined);
    }
  }

  /**
   * Keeps the stored file aside as it is (reported like a corrupt one) and writes `doc`, the
   * part that could be read, in its place: for a list with some entries no longer readable.
   */
  setAside<K extends DocumentKind>(kind: K, reason: string, doc: DocumentTypes[K]): void {
    const report = this.store.quarantine(kind, reason);
    if (report) this.problems.push(report);
    this.write(kind, doc);
  }

  /** Replaces a document now (connections, collections, settings, secrets, workspace). */
  write<K extends DocumentKind>(kind: K, doc: DocumentTypes[K]): void {
    this.docs.set(kind, doc);
    this.pending.delete(kind);
    this.store.set(kind, doc);
  }

  /** Replaces a document in memory and writes it shortly (history: one write per burst). */
  writeLater<K extends DocumentKind>(kind: K, doc: DocumentTypes[K]): void {
    this.docs.set(kind, doc);
    this.pending.add(kind);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
    this.timer.unref();
  }

  /** Writes what is pending; called on exit and by tests before reading the files. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const kind of [...this.pending]) {
      this.pending.delete(kind);
      this.store.set(kind, this.docs.get(kind));
    }
  }

  /** Files found corrupt or unreadable and moved aside since start. */
  reports(): CorruptFileReport[] {
    const seen = new Set<string>();
    return [...this.store.reports(), ...this.problems].filter((r) =>
      seen.has(r.movedTo) ? false : (seen.add(r.movedTo), true),
    );
  }
}
