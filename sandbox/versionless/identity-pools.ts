/**
 * Tableau Server identity pools (`/api/-/authn-service`, API 3.19): pools, identity stores and
 * authentication configurations. Answer keys follow what PSTableauREST reads from a server:
 * `pools` / `pool`, `instances` / `store_instance`, `instances` / `auth_configuration`.
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../errors';
import {
  json,
  noContent,
  type JsonBody,
  type VersionlessContext,
  type VersionlessRoute,
} from './route';

interface Pool {
  id: string;
  name: string;
  description: string;
  identity_store_instance_id: number;
  auth_type_instance_id: number;
  is_enabled: boolean;
}
interface Instance {
  id: number;
  type: string;
  display_name: string;
  [setting: string]: unknown;
}
interface Authn {
  pools: Map<string, Pool>;
  stores: Map<number, Instance>;
  authConfigs: Map<number, Instance>;
  nextInstance: number;
}

const byServer = new WeakMap<object, Authn>();

function authnOf(ctx: VersionlessContext): Authn {
  let authn = byServer.get(ctx.state);
  if (!authn) {
    // A fresh server has its local identity store and the server-default authentication.
    authn = {
      pools: new Map(),
      stores: new Map([[1, { id: 1, type: 'LOCAL', display_name: 'Local identity store' }]]),
      authConfigs: new Map([[1, { id: 1, type: 'ServerDefault', display_name: 'Server default' }]]),
      nextInstance: 2,
    };
    byServer.set(ctx.state, authn);
  }
  return authn;
}

function object(body: JsonBody, key: string): JsonBody {
  const value = body[key];
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.malformedBody(`The request body needs a '${key}' object.`);
  }
  return value as JsonBody;
}

function instanceId(
  authn: Authn,
  value: unknown,
  map: Map<number, Instance>,
  what: string,
): number {
  const id = Number(value);
  if (!map.has(id))
    throw errors.badRequest(`There is no ${what} with instance id '${String(value)}'.`);
  void authn;
  return id;
}

function applyPool(authn: Authn, pool: Pool, input: JsonBody): void {
  if (input.name !== undefined) {
    if (typeof input.name !== 'string' || !input.name.trim())
      throw errors.badRequest('A pool needs a name.');
    pool.name = input.name;
  }
  if (typeof input.description === 'string') pool.description = input.description;
  if (input.identity_store_instance_id !== undefined) {
    pool.identity_store_instance_id = instanceId(
      authn,
      input.identity_store_instance_id,
      authn.stores,
      'identity store',
    );
  }
  if (input.auth_type_instance_id !== undefined) {
    pool.auth_type_instance_id = instanceId(
      authn,
      input.auth_type_instance_id,
      authn.authConfigs,
      'authentication configuration',
    );
  }
  if (typeof input.is_enabled === 'boolean') pool.is_enabled = input.is_enabled;
}

function findPool(ctx: VersionlessContext): Pool {
  const pool = authnOf(ctx).pools.get(ctx.params.poolId.toLowerCase());
  if (!pool) throw errors.notFound('404002', 'Identity pool', ctx.params.poolId);
  return pool;
}

/** Identity stores and auth configurations: instances with a type, a name and their settings. */
function instanceRoutes(
  segment: string,
  key: 'stores' | 'authConfigs',
  single: string,
  what: string,
): VersionlessRoute[] {
  const base = `/authn-service/${segment}`;
  const common = { minVersion: '3.19', platform: 'server', admin: 'server' } as const;
  const create = (ctx: VersionlessContext, input: JsonBody, id: number): Instance => {
    const type = typeof input.type === 'string' ? input.type : undefined;
    if (!type) throw errors.malformedBody(`A ${what} needs a type.`);
    return {
      ...input,
      id,
      type,
      display_name: typeof input.display_name === 'string' ? input.display_name : type,
    };
  };
  const bodyOf = (ctx: VersionlessContext) => {
    const named = Object.values(ctx.body).find(
      (v) => v && typeof v === 'object' && !Array.isArray(v),
    );
    return (named as JsonBody | undefined) ?? ctx.body;
  };
  const routes: VersionlessRoute[] = [
    {
      ...common,
      method: 'GET',
      path: base,
      handler: (ctx) => json({ instances: [...authnOf(ctx)[key].values()] }),
    },
    {
      ...common,
      method: 'POST',
      path: base,
      handler: (ctx) => {
        const authn = authnOf(ctx);
        const instance = create(ctx, bodyOf(ctx), authn.nextInstance++);
        authn[key].set(instance.id, instance);
        return json({ [single]: instance }, 201);
      },
    },
    {
      ...common,
      method: 'DELETE',
      path: `${base}/:instanceId`,
      handler: (ctx) => {
        const authn = authnOf(ctx);
        const id = Number(ctx.params.instanceId);
        if (id === 1) throw errors.forbidden(`The built-in ${what} cannot be deleted.`);
        const inUse = [...authn.pools.values()].some((p) =>
          key === 'stores' ? p.identity_store_instance_id === id : p.auth_type_instance_id === id,
        );
        if (inUse)
          throw errors.conflict('409000', 'Conflict', `The ${what} is used by an identity pool.`);
        if (!authn[key].delete(id)) throw errors.notFound('404002', what, ctx.params.instanceId);
        return noContent;
      },
    },
  ];
  if (key === 'authConfigs') {
    routes.push({
      ...common,
      method: 'PUT',
      path: `${base}/:instanceId`,
      handler: (ctx) => {
        const authn = authnOf(ctx);
        const current = authn.authConfigs.get(Number(ctx.params.instanceId));
        if (!current) throw errors.notFound('404002', what, ctx.params.instanceId);
        const next = { ...current, ...bodyOf(ctx), id: current.id };
        authn.authConfigs.set(current.id, next);
        return json({ [single]: next });
      },
    });
  }
  return routes;
}

const pools = '/authn-service/identity-pools';
const common = { minVersion: '3.19', platform: 'server', admin: 'server' } as const;

export const identityPoolRoutes: VersionlessRoute[] = [
  {
    ...common,
    method: 'GET',
    path: pools,
    handler: (ctx) => json({ pools: [...authnOf(ctx).pools.values()] }),
  },
  {
    ...common,
    method: 'POST',
    path: pools,
    handler: (ctx) => {
      const authn = authnOf(ctx);
      const input = object(ctx.body, 'identity_pool');
      if (typeof input.name !== 'string' || !input.name.trim())
        throw errors.malformedBody('A pool needs a name.');
      if (
        [...authn.pools.values()].some(
          (p) => p.name.toLowerCase() === String(input.name).toLowerCase(),
        )
      ) {
        throw errors.conflict(
          '409000',
          'Conflict',
          `An identity pool named '${String(input.name)}' already exists.`,
        );
      }
      const pool: Pool = {
        id: randomUUID(),
        name: '',
        description: '',
        identity_store_instance_id: 1,
        auth_type_instance_id: 1,
        is_enabled: true,
      };
      applyPool(authn, pool, input);
      authn.pools.set(pool.id, pool);
      return json({ pool }, 201);
    },
  },
  {
    ...common,
    method: 'GET',
    path: `${pools}/:poolId`,
    handler: (ctx) => json({ pool: findPool(ctx) }),
  },
  {
    ...common,
    method: 'PUT',
    path: `${pools}/:poolId`,
    handler: (ctx) => {
      const pool = findPool(ctx);
      applyPool(authnOf(ctx), pool, object(ctx.body, 'identity_pool'));
      return json({ pool });
    },
  },
  {
    ...common,
    method: 'DELETE',
    path: `${pools}/:poolId`,
    handler: (ctx) => {
      authnOf(ctx).pools.delete(findPool(ctx).id);
      return noContent;
    },
  },
  ...instanceRoutes('identity-stores', 'stores', 'store_instance', 'identity store'),
  ...instanceRoutes(
    'auth-configurations',
    'authConfigs',
    'auth_configuration',
    'authentication configuration',
  ),
];

/** Whether an identity pool exists on this server (Add/Remove User to/from Identity Pool). */
export function hasIdentityPool(state: object, id: string): boolean {
  return byServer.get(state)?.pools.has(id.toLowerCase()) ?? false;
}
