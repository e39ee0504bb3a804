import type { Connection } from '../shared/connection';
import type { VariablesDoc } from '../shared/documents';
import {
  duplicateNames,
  variableEditSchema,
  variableSetSchema,
  type VariableEdit,
  type VariableSet,
  type VariablesView,
  type VariableTarget,
  type VariableView,
} from '../shared/environments';
import type { RequestSpec } from '../shared/request';
import {
  describeUnresolved,
  resolveSpec,
  SECRET_MASK,
  type Variable,
  type VariableLayer,
} from '../shared/variables';

type StoredVariable = Variable;
import { EngineError } from './errors';
import type { SecretVault } from './secrets';
import type { Persistence } from './store/persistence';

/** The vault key of a secret variable: apart from connection ids, one per scope and name. */
function secretKey(target: VariableTarget, name: string): string {
  const where =
    target.scope === 'global' ? ['global', name] : ['connection', target.connectionId, name];
  return `variable:${JSON.stringify(where)}`;
}

/** Whether any `{{` is in a place the resolver reads (path, path values, query, headers, body). */
export function mentionsVariables(spec: RequestSpec): boolean {
  const has = (text: string) => text.includes('{{');
  return (
    has(spec.path) ||
    Object.values(spec.pathParams).some(has) ||
    spec.query.some((q) => q.enabled && (has(q.name) || has(q.value))) ||
    spec.headers.some((h) => h.enabled && (has(h.name) || has(h.value))) ||
    (spec.body.kind !== 'none' && has(spec.body.text)) ||
    (spec.body.kind === 'graphql' && has(spec.body.variables))
  );
}

/**
 * Replaces each secret value in `text` with `••••••`, as written raw, percent-encoded (a path)
 * and form-encoded (a query): for URLs and bodies the engine keeps or returns.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  const forms = new Set<string>();
  for (const value of secrets) {
    if (!value) continue;
    forms.add(value);
    forms.add(encodeURIComponent(value));
    forms.add(new URLSearchParams({ v: value }).toString().slice(2));
  }
  // Longest first, so a secret that contains another is masked whole.
  return [...forms]
    .sort((a, b) => b.length - a.length)
    .reduce((out, form) => out.split(form).join(SECRET_MASK), text);
}

/**
 * Globals and one environment per connection (DESIGN.md §11), over the `variables` document.
 * A secret variable's value lives in the SecretVault (ciphertext on disk only where the OS
 * protects the key; in memory for the session otherwise) and never leaves the engine: views
 * carry an empty value and where it is held.
 */
export class VariableStore {
  constructor(
    private readonly persistence: Persistence,
    private readonly vault: SecretVault,
    /** Whether a connection id names a saved connection (an environment needs one). */
    private readonly connectionExists: (id: string) => boolean,
  ) {}

  private doc(): VariablesDoc {
    return this.persistence.read('variables');
  }

  private listOf(target: VariableTarget): StoredVariable[] {
    const doc = this.doc();
    return target.scope === 'global' ? doc.globals : (doc.environments[target.connectionId] ?? []);
  }

  private write(target: VariableTarget, variables: StoredVariable[]): void {
    const doc = structuredClone(this.doc());
    if (target.scope === 'global') doc.globals = variables;
    else if (variables.length === 0) delete doc.environments[target.connectionId];
    else doc.environments[target.connectionId] = variables;
    this.persistence.write('variables', doc);
  }

  private check(target: VariableTarget): void {
    if (target.scope === 'connection' && !this.connectionExists(target.connectionId))
      throw new EngineError(
        'variables.noConnection',
        'That connection does not exist (any more), so it has no environment to change.',
      );
  }

  private held(target: VariableTarget, variable: StoredVariable): VariableView['held'] {
    const key = secretKey(target, variable.name);
    if (this.vault.isStored(key)) return 'stored';
    return this.vault.held(key) ? 'session' : 'unset';
  }

  private viewOf(target: VariableTarget, variables: StoredVariable[]): VariableView[] {
    return variables.map((v) =>
      v.secret ? { ...v, value: '', held: this.held(target, v) } : { ...v },
    );
  }

  /** Everything the renderer may see: secrets without their values. */
  async view(): Promise<VariablesView> {
    const doc = this.doc();
    return {
      globals: this.viewOf({ scope: 'global' }, doc.globals),
      environments: Object.fromEntries(
        Object.entries(doc.environments).map(([connectionId, variables]) => [
          connectionId,
          this.viewOf({ scope: 'connection', connectionId }, variables),
        ]),
      ),
      secretsPersist: await this.vault.canPersist(),
    };
  }

  /** Replaces a scope's variables; a secret either keeps its held value or takes the new one. */
  async put(target: VariableTarget, input: readonly VariableEdit[]): Promise<void> {
    this.check(target);
    const edits = input.map((e) => variableEditSchema.parse(e));
    const twice = duplicateNames(edits);
    if (twice.length > 0)
      throw new EngineError(
        'variables.duplicate',
        `Each name once per scope: ${twice.map((n) => `{{${n}}}`).join(', ')} ${twice.length === 1 ? 'appears' : 'appear'} twice.`,
        { names: twice },
      );
    const before = this.listOf(target);
    const secretValues = new Map<string, string>();
    const next: StoredVariable[] = [];
    for (const edit of edits) {
      const { keepValueOf, ...variable } = edit;
      if (!variable.secret) {
        next.push(variable);
        continue;
      }
      let value = variable.value;
      if (keepValueOf !== undefined) {
        const was = before.find((v) => v.name === keepValueOf && v.secret);
        value = was ? ((await this.vault.recall(secretKey(target, was.name))) ?? '') : '';
      }
      if (value) secretValues.set(variable.name, value);
      next.push({ ...variable, value: '' });
    }
    for (const v of before) if (v.secret) this.vault.forget(secretKey(target, v.name));
    for (const [name, value] of secretValues)
      await this.vault.remember(secretKey(target, name), value, true);
    this.write(target, next);
  }

  /** Sets one variable, adding it (enabled) when the scope has none of that name. */
  async set(target: VariableTarget, input: VariableSet): Promise<void> {
    this.check(target);
    const change = variableSetSchema.parse(input);
    const list = [...this.listOf(target)];
    const index = list.findIndex((v) => v.name === change.name);
    const secret = index >= 0 ? list[index].secret : Boolean(change.secret);
    const variable: StoredVariable = {
      name: change.name,
      value: secret ? '' : change.value,
      secret,
      enabled: true,
    };
    if (index >= 0) list[index] = variable;
    else list.push(variable);
    if (secret) await this.vault.remember(secretKey(target, change.name), change.value, true);
    this.write(target, list);
  }

  /** A deleted connection's environment goes with it, secrets included. */
  dropEnvironment(connectionId: string): void {
    const target: VariableTarget = { scope: 'connection', connectionId };
    const list = this.listOf(target);
    if (list.length === 0) return;
    for (const v of list) if (v.secret) this.vault.forget(secretKey(target, v.name));
    this.write(target, []);
  }

  /** Decrypts the secrets a connection's requests may use, once; `layers` then reads memory. */
  async unlock(connectionId: string): Promise<void> {
    const targets: VariableTarget[] = [{ scope: 'global' }];
    if (this.connectionExists(connectionId)) targets.unshift({ scope: 'connection', connectionId });
    for (const target of targets)
      for (const v of this.listOf(target))
        if (v.secret && v.enabled) await this.vault.recall(secretKey(target, v.name));
  }

  /**
   * The connection's environment, then the globals, as resolver layers with secret values
   * filled from memory (call `unlock` first). A secret without a value is left out: to the
   * resolver it is not defined, so nothing is sent with it empty.
   */
  layers(connection: Pick<Connection, 'id' | 'name'>): VariableLayer[] {
    const fill = (target: VariableTarget, variables: StoredVariable[]): Variable[] =>
      variables.flatMap((v) => {
        if (!v.secret) return [v];
        const value = this.vault.held(secretKey(target, v.name));
        return value ? [{ ...v, value }] : [];
      });
    const doc = this.doc();
    const target: VariableTarget = { scope: 'connection', connectionId: connection.id };
    return [
      {
        scope: 'connection',
        label: `${connection.name} environment`,
        variables: fill(target, doc.environments[connection.id] ?? []),
      },
      { scope: 'global', label: 'Globals', variables: fill({ scope: 'global' }, doc.globals) },
    ];
  }

  /**
   * What the engine sends for a spec the renderer resolved except for its secrets: every
   * remaining `{{name}}` filled from the connection's environment and the globals, just before
   * sending. Refused (`variables.unresolved`) while any name has no value. The secret values
   * used come back so the caller can mask them in whatever it keeps or returns.
   */
  async resolveForSend(
    connection: Pick<Connection, 'id' | 'name'>,
    spec: RequestSpec,
  ): Promise<{ spec: RequestSpec; secretValues: string[] }> {
    if (!mentionsVariables(spec)) return { spec, secretValues: [] };
    await this.unlock(connection.id);
    const resolved = resolveSpec(spec, this.layers(connection), { secrets: 'value' });
    if (resolved.unresolved.length > 0) {
      const many = resolved.unresolved.length > 1;
      throw new EngineError(
        'variables.unresolved',
        `Not sent: ${describeUnresolved(resolved)} ${many ? 'have' : 'has'} no value. Set ${many ? 'them' : 'it'} in the “${connection.name}” environment or in Globals (a secret set in the web host lasts until it stops).`,
        { names: resolved.unresolved, where: resolved.where },
      );
    }
    return {
      spec: resolved.spec,
      secretValues: resolved.hits.filter((h) => h.secret && h.value).map((h) => h.value),
    };
  }
}

/** An error about a request sent with secrets, with their values masked in what it says. */
export function maskError(error: unknown, secrets: readonly string[]): unknown {
  if (secrets.length === 0 || !(error instanceof EngineError)) return error;
  const detail =
    error.detail === undefined
      ? undefined
      : (JSON.parse(maskSecrets(JSON.stringify(error.detail), secrets)) as unknown);
  return new EngineError(error.code, maskSecrets(error.message, secrets), detail);
}
