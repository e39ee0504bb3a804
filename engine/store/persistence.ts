import { historyEntrySchema, type DocumentKind, type HistoryEntry } from '../../shared/documents';
import { migrate, MigrationError, type DocumentTypes } from '../../shared/migrate';
import { boundHistory } from '../history-bounds';
import type { CorruptFileReport, DocumentStore } from './document-store';

/**
 * How soon a `writeLater` document reaches its file: short, because what is only in memory
 * is lost in a crash (a store with a journal has each history entry on disk already).
 */
export const WRITE_LATER_MS = 250;

/** Persistences with writes pending, flushed when the process exits however it exits. */
const unflushed = new Set<Persistence>();
let exitHookInstalled = false;
function flushOnExit(persistence: Persistence): void {
  unflushed.add(persistence);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // `exit` runs for process.exit() and a normal end (sync only, which `flush` is); the hosts
  // flush on SIGINT/SIGTERM themselves, and the journal covers a kill.
  process.on('exit', () => {
    for (const pending of [...unflushed]) pending.flush();
  });
}

/** History entries a journal holds that the document does not, newest first, checked. */
function replayHistory(
  doc: DocumentTypes['history'],
  records: unknown[],
): DocumentTypes['history'] | null {
  const known = new Set(doc.entries.map((e) => e.id));
  const added: HistoryEntry[] = [];
  for (const record of records) {
    const parsed = historyEntrySchema.safeParse(record);
    if (parsed.success && !known.has(parsed.data.id)) {
      known.add(parsed.data.id);
      added.unshift(parsed.data);
    }
  }
  if (added.length === 0) return null;
  return { ...doc, entries: boundHistory([...added, ...doc.entries]) };
}

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
    private readonly debounceMs = WRITE_LATER_MS,
  ) {}

  read<K extends DocumentKind>(kind: K): DocumentTypes[K] {
    if (!this.docs.has(kind)) this.docs.set(kind, this.load(kind));
    return this.docs.get(kind) as DocumentTypes[K];
  }

  private load<K extends DocumentKind>(kind: K): DocumentTypes[K] {
    const doc = this.migrated(kind);
    // Entries recorded after the last whole write, before a crash: put back, then written.
    const records = kind === 'history' ? (this.store.journal?.(kind) ?? []) : [];
    const replayed =
      records.length > 0 ? replayHistory(doc as DocumentTypes['history'], records) : null;
    if (replayed) this.store.set(kind, replayed);
    return (replayed ?? doc) as DocumentTypes[K];
  }

  private migrated<K extends DocumentKind>(kind: K): DocumentTypes[K] {
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

  /** Puts one record in the document's journal, where the store keeps one (history). */
  append(kind: DocumentKind, record: unknown): void {
    // Loaded (and any old journal replayed) first, so this record is not read back twice.
    this.read(kind);
    try {
      this.store.append?.(kind, record);
    } catch {
      // A full disk must not fail the request being recorded: the timed write still follows.
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
    flushOnExit(this);
    if (this.timer) return;
    this.timer = setTimeout(() => {
      try {
        this.flush();
      } catch {
        // A full or read-only disk: the document stays pending for the next write and exit.
      }
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Writes what is pending; called on exit and by tests before reading the files. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const kind of [...this.pending]) {
      this.store.set(kind, this.docs.get(kind));
      this.pending.delete(kind);
    }
    unflushed.delete(this);
  }

  /** Files found corrupt or unreadable and moved aside since start. */
  reports(): CorruptFileReport[] {
    const seen = new Set<string>();
    return [...this.store.reports(), ...this.problems].filter((r) =>
      seen.has(r.movedTo) ? false : (seen.add(r.movedTo), true),
    );
  }
}
