import { randomUUID } from 'node:crypto';
import { findList, getAtPath } from '../../shared/tableau-list';
import type { SliceResult } from '../../shared/ipc/contract';
import { EngineError } from './errors';

interface StoredResponse {
  raw: Buffer;
  parsed: unknown;
  listPath: string | null;
  items: unknown[] | null;
}

/**
 * Response bodies stay in main (DESIGN.md §8); the renderer asks for slices.
 * Minimal version: in memory. The engine issue adds spilling to temp files.
 */
export class ResponseStore {
  private readonly responses = new Map<string, StoredResponse>();

  put(raw: Buffer, parsed: unknown): { id: string; listPath: string | null; count: number | null } {
    const id = randomUUID();
    const list = findList(parsed);
    this.responses.set(id, {
      raw,
      parsed,
      listPath: list?.path ?? null,
      items: list?.items ?? null,
    });
    return { id, listPath: list?.path ?? null, count: list ? list.items.length : null };
  }

  putItems(items: unknown[], listPath: string, raw: Buffer): string {
    const id = randomUUID();
    this.responses.set(id, { raw, parsed: null, listPath, items });
    return id;
  }

  get(id: string): StoredResponse {
    const stored = this.responses.get(id);
    if (!stored) throw new EngineError('response.notFound', 'That response is no longer kept. Send the request again.');
    return stored;
  }

  slice(id: string, request: { kind: 'items' | 'bytes' | 'lines'; start: number; end: number }): SliceResult {
    const stored = this.get(id);
    if (request.kind === 'items') {
      const items = stored.items ?? (stored.listPath ? (getAtPath(stored.parsed, stored.listPath) as unknown[]) : null);
      if (!items) throw new EngineError('response.noList', 'This response has no list of items.');
      const end = Math.min(request.end, items.length);
      return { kind: 'items', start: request.start, end, total: items.length, items: items.slice(request.start, end) };
    }
    if (request.kind === 'bytes') {
      const end = Math.min(request.end, stored.raw.length);
      return { kind: 'bytes', start: request.start, end, total: stored.raw.length, text: stored.raw.subarray(request.start, end).toString('utf8') };
    }
    const lines = stored.raw.toString('utf8').split('\n');
    const end = Math.min(request.end, lines.length);
    return { kind: 'lines', start: request.start, end, total: lines.length, text: lines.slice(request.start, end).join('\n') };
  }

  release(id: string): void {
    this.responses.delete(id);
  }

  clear(): void {
    this.responses.clear();
  }
}
