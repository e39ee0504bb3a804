import type { Connection } from '../../shared/connection';
import {
  applyCapture,
  checkAssertion,
  parseJsonPath,
  type Assertion,
  type Capture,
} from '../../shared/captures';
import type { CollectionFolder, SavedRequest } from '../../shared/documents';
import { requestSpecSchema, type RequestSpec } from '../../shared/request';
import type { RunOptions, RunOutcome, StepResult } from '../../shared/run';
import type { IterationRow } from '../../shared/run-data';
import { explainError, readTableauError } from '../../shared/tableau-errors';
import {
  describeUnresolved,
  resolveSpec,
  resolveText,
  type Variable,
  type VariableLayer,
} from '../../shared/variables';
import { EngineError } from '../errors';
import type { RequestExecutor } from '../executor';
import { parseBody } from '../response-summary';
import { wait } from '../retry-policy';
import type { OperationContext, OperationWork } from './operations';

/** One request of a run, with the folder variables that apply to it (innermost first). */
export interface RunStep {
  request: SavedRequest;
  folder: string[];
  folderLayers: VariableLayer[];
}

/**
 * The requests of `folder` in run order: its own requests first, then each subfolder's, depth
 * first — the order the collections tree shows them.
 */
export function runSteps(root: CollectionFolder): RunStep[] {
  const steps: RunStep[] = [];
  const walk = (folder: CollectionFolder, names: string[], layers: VariableLayer[]) => {
    const here: VariableLayer[] = folder.variables?.length
      ? [
          { scope: 'collection', label: `Folder “${folder.name}”`, variables: folder.variables },
          ...layers,
        ]
      : layers;
    for (const request of folder.requests)
      steps.push({ request, folder: names, folderLayers: here });
    for (const sub of folder.folders) walk(sub, [...names, sub.name], here);
  };
  walk(root, [], []);
  return steps;
}

/** Finds a folder by id at any depth, or null. */
export function findFolder(root: CollectionFolder, id: string): CollectionFolder | null {
  if (root.id === id) return root;
  for (const sub of root.folders) {
    const found = findFolder(sub, id);
    if (found) return found;
  }
  return null;
}

/**
 * Checks what can be checked before anything is sent: every capture's and assertion's JSON path.
 * Throws `run.badInput` naming the request.
 */
export function checkRunSteps(steps: RunStep[]): void {
  if (steps.length === 0)
    throw new EngineError(
      'run.empty',
      'There are no requests to run in that collection or folder.',
    );
  for (const { request } of steps) {
    const paths = [
      ...(request.captures ?? []).filter((c) => c.enabled && c.from === 'body').map((c) => c.path),
      ...(request.assertions ?? []).flatMap((a) =>
        a.enabled && a.kind === 'jsonPath' ? [a.path] : [],
      ),
    ];
    for (const path of paths) {
      try {
        parseJsonPath(path);
      } catch (error) {
        throw new EngineError('run.badInput', `“${request.name}”: ${(error as Error).message}`);
      }
    }
  }
}

export interface RunDeps {
  executor: RequestExecutor;
  /** The connection's environment and the globals, outermost last (added under the folders'). */
  outerLayers: () => VariableLayer[];
  /** A capture into a lasting scope (connection, global) set a value: the app stores it too. */
  onCaptured?: (capture: Capture, value: string) => void;
}

/** The spec as it is sent: half-typed rows (a value, no name) left out, as the app does. */
function sendable(request: SavedRequest): RequestSpec {
  const named = <T extends { name: string }>(rows: T[]) => rows.filter((r) => r.name.trim() !== '');
  return requestSpecSchema.parse({
    ...request.spec,
    query: named(request.spec.query),
    headers: named(request.spec.headers),
  });
}

/** Names captured by the steps before `index`: a later step may use them. */
function capturedBefore(steps: RunStep[], index: number): Set<string> {
  const names = new Set<string>();
  for (const step of steps.slice(0, index))
    for (const c of step.request.captures ?? []) if (c.enabled) names.add(c.name);
  return names;
}

/**
 * A collection run as an operation: rows run with bounded concurrency, each row's steps in
 * order; variables flow from captures to later steps; assertions decide each step. A retry
 * runs again, from their first step, the rows that had a failure.
 */
export class CollectionRunWork implements OperationWork {
  readonly kind = 'run';
  readonly unit = 'steps';
  readonly title: string;
  private readonly results = new Map<string, StepResult>();

  constructor(
    private readonly deps: RunDeps,
    private readonly connection: Connection,
    private readonly name: string,
    private readonly steps: RunStep[],
    /** Empty: one pass without iteration data. */
    private readonly rows: IterationRow[],
    private readonly runVariables: Record<string, string>,
    private readonly options: RunOptions,
    /** Secret values given for the run: sent, but masked in every result. */
    private readonly secretRunVariables: Record<string, string> = {},
  ) {
    this.title = `Run: ${name}`;
  }

  get connectionId(): string {
    return this.connection.id;
  }

  private get rowCount(): number {
    return Math.max(1, this.rows.length);
  }

  async run(ctx: OperationContext, round: 'first' | 'retry'): Promise<RunOutcome> {
    // A retry runs again, from their first step, the rows where anything did not pass.
    const rows =
      round === 'first'
        ? Array.from({ length: this.rowCount }, (_, i) => i + 1)
        : [
            ...new Set(
              [...this.results.values()].filter((r) => r.state !== 'passed').map((r) => r.row),
            ),
          ].sort((a, b) => a - b);
    for (const row of rows)
      for (let s = 1; s <= this.steps.length; s++) this.results.delete(key(row, s));
    let next = 0;
    let stop = false;
    const total = this.rowCount * this.steps.length;
    const report = (status: string) =>
      ctx.progress({
        done: [...this.results.values()].length,
        total,
        status,
      });
    report('Starting…');
    const worker = async () => {
      while (!stop && !ctx.signal.aborted && next < rows.length) {
        const row = rows[next++];
        const failed = await this.runRow(ctx, row, report);
        if (failed && this.options.bail) stop = true;
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency, rows.length) }, worker),
    );
    // Whatever did not run (cancel, bail) is listed as skipped, so every step has a result.
    const why = ctx.signal.aborted
      ? 'Cancelled.'
      : 'Skipped: the run stopped at the first failure.';
    for (const row of rows)
      this.steps.forEach((step, i) => {
        if (!this.results.has(key(row, i + 1))) this.record(ctx, this.skipped(row, i, step, why));
      });
    report(ctx.signal.aborted ? 'Cancelled' : 'Done');
    return this.outcome();
  }

  /** Runs one row's steps in order; true when one failed. */
  private async runRow(
    ctx: OperationContext,
    row: number,
    report: (status: string) => void,
  ): Promise<boolean> {
    const captured: Variable[] = [];
    const data = this.rows[row - 1] ?? {};
    const rowLayer: VariableLayer = {
      scope: 'iteration',
      label: this.rows.length ? `row ${row}` : 'run',
      variables: [
        ...Object.entries(data).map(([name, value]) => ({
          name,
          value,
          secret: false,
          enabled: true,
        })),
        ...Object.entries(this.runVariables).map(([name, value]) => ({
          name,
          value,
          secret: false,
          enabled: true,
        })),
        ...Object.entries(this.secretRunVariables).map(([name, value]) => ({
          name,
          value,
          secret: true,
          enabled: true,
        })),
      ],
    };
    const capturedLayer: VariableLayer = {
      scope: 'iteration',
      label: 'captured',
      variables: captured,
    };
    const layersFor = (step: RunStep) => [
      capturedLayer,
      rowLayer,
      ...step.folderLayers,
      ...this.deps.outerLayers(),
    ];

    // Before anything is sent: a variable that neither the data, the scopes nor an earlier
    // capture defines means this row cannot be what the user meant.
    for (const [i, step] of this.steps.entries()) {
      const later = capturedBefore(this.steps, i);
      const r = resolveSpec(sendable(step.request), layersFor(step));
      const missing = r.unresolved.filter((n) => !later.has(n));
      if (missing.length > 0) {
        const message = `Unresolved ${describeUnresolved({ unresolved: missing, where: r.where })}${
          this.rows.length
            ? ` (row ${row} has ${Object.keys(data).length ? Object.keys(data).join(', ') : 'no columns'})`
            : ''
        }: nothing was sent for this row.`;
        this.steps.forEach((s, j) =>
          this.record(
            ctx,
            j === i
              ? {
                  ...this.skipped(row, j, s, message),
                  state: 'failed',
                  error: { code: 'variables.unresolved', message },
                }
              : this.skipped(row, j, s, `Not sent: ${message}`),
          ),
        );
        report(`Row ${row}: unresolved variables`);
        return true;
      }
    }

    let failedAny = false;
    for (const [i, step] of this.steps.entries()) {
      if (ctx.signal.aborted) break;
      if (i > 0 && this.options.delayMs > 0) {
        try {
          await wait(this.options.delayMs, ctx.signal);
        } catch {
          break;
        }
      }
      report(
        `${this.rows.length ? `Row ${row} of ${this.rows.length} · ` : ''}${step.request.name}`,
      );
      const result = await this.runStep(ctx, row, i, step, layersFor(step), captured);
      this.record(ctx, result);
      if (result.state === 'failed') {
        failedAny = true;
        if (this.options.bail) break;
      }
    }
    return failedAny;
  }

  private async runStep(
    ctx: OperationContext,
    row: number,
    index: number,
    step: RunStep,
    layers: VariableLayer[],
    captured: Variable[],
  ): Promise<StepResult> {
    const { request } = step;
    const base = this.skipped(row, index, step, '');
    const spec = sendable(request);
    const sent = resolveSpec(spec, layers);
    if (sent.unresolved.length > 0) {
      const message = `Not sent: unresolved ${describeUnresolved(sent)} (an earlier capture set nothing).`;
      return { ...base, state: 'failed', error: { code: 'variables.unresolved', message } };
    }
    let exchange;
    try {
      exchange = await this.deps.executor.exchange(this.connection, sent.spec, {
        signal: ctx.signal,
      });
    } catch (error) {
      if (ctx.signal.aborted)
        return { ...base, error: { code: 'operation.cancelled', message: 'Cancelled.' } };
      const code = error instanceof EngineError ? error.code : 'request.failed';
      return {
        ...base,
        state: 'failed',
        error: { code, message: error instanceof Error ? error.message : String(error) },
      };
    }
    const { response } = exchange;
    const contentType = response.headers.find(([n]) => n === 'content-type')?.[1] ?? '';
    const body = parseBody(response.body.toString('utf8'), contentType);
    const facts = {
      status: response.status,
      headers: response.headers,
      body,
      totalMs: response.totalMs,
    };
    const secretValues = sent.hits.filter((h) => h.secret && h.value).map((h) => h.value);
    // As written, and as a URL writes it (a path segment, or a query value with + for spaces).
    const forms = secretValues.flatMap((v) => [
      v,
      encodeURIComponent(v),
      new URLSearchParams({ v }).toString().slice(2),
    ]);
    const mask = (text: string) => forms.reduce((t, v) => t.split(v).join('••••••'), text);

    const captures = (request.captures ?? [])
      .filter((c: Capture) => c.enabled)
      .map((c) => {
        const result = applyCapture(c, facts);
        if (result.value !== null) {
          const existing = captured.find((v) => v.name === c.name);
          if (existing) existing.value = result.value;
          else captured.push({ name: c.name, value: result.value, secret: false, enabled: true });
          this.deps.onCaptured?.(c, result.value);
        }
        return {
          name: c.name,
          value: result.value === null ? null : mask(result.value),
          message: result.message,
        };
      });
    // An expected value may name variables too: `user.name equals {{name}}` for each row.
    const assertions = (request.assertions ?? [])
      .filter((a: Assertion) => a.enabled)
      .map((a) =>
        checkAssertion(
          a.kind === 'jsonPath' ? { ...a, value: resolveText(a.value, layers).text } : a,
          facts,
        ),
      );
    // Without assertions, a step passes on a 2xx/3xx answer, as a person reading it would judge.
    const statusOk = response.status < 400;
    const tableau = statusOk ? null : readTableauError(body);
    const explained = tableau ? explainError(tableau) : null;
    const failedAssertion = assertions.find((a) => !a.passed);
    const hasStatusAssertion = (request.assertions ?? []).some(
      (a) => a.enabled && a.kind === 'status',
    );
    const passed = failedAssertion === undefined && (statusOk || hasStatusAssertion);
    return {
      ...base,
      url: mask(exchange.url.toString()),
      status: response.status,
      totalMs: Math.round(response.totalMs * 10) / 10,
      state: passed ? 'passed' : 'failed',
      captures,
      assertions,
      error: passed
        ? null
        : explained
          ? {
              code: explained.code,
              message: `${explained.summary}: ${explained.detail}`,
              explanation: explained.explanation,
            }
          : failedAssertion
            ? {
                code: 'assertion.failed',
                message: `${failedAssertion.label}: ${failedAssertion.message}`,
              }
            : { code: `http.${response.status}`, message: `HTTP ${response.status}` },
    };
  }

  private skipped(row: number, index: number, step: RunStep, message: string): StepResult {
    return {
      row,
      step: index + 1,
      requestId: step.request.id,
      name: step.request.name,
      folder: step.folder,
      method: step.request.spec.method,
      url: null,
      status: null,
      totalMs: null,
      state: 'skipped',
      captures: [],
      assertions: [],
      error: message ? { code: 'run.skipped', message } : null,
    };
  }

  private record(ctx: OperationContext, result: StepResult): void {
    const k = key(result.row, result.step);
    this.results.set(k, result);
    ctx.item({
      key: k,
      label: `${this.rows.length ? `Row ${result.row} · ` : ''}${result.step}. ${result.name}`,
      state: result.state === 'passed' ? 'ok' : result.state,
      code: result.error?.code,
      message: result.error?.message,
    });
  }

  private outcome(): RunOutcome {
    const results = [...this.results.values()].sort((a, b) => a.row - b.row || a.step - b.step);
    return {
      kind: 'run',
      name: this.name,
      rows: this.rowCount,
      steps: this.steps.length,
      passed: results.filter((r) => r.state === 'passed').length,
      failed: results.filter((r) => r.state === 'failed').length,
      skipped: results.filter((r) => r.state === 'skipped').length,
      results,
    };
  }
}

function key(row: number, step: number): string {
  return `row:${row}/step:${step}`;
}
