/**
 * Embedded-credential migration (3.23): Retrieve/Apply Keychain for workbooks and data
 * sources, and Retrieve/Upload Saved Credentials for users. Shapes follow the Tableau
 * Migration SDK: `<encryptedKeychainList>` + `<associatedUserLuidList>` out, an empty answer in.
 */
import type { Keychain } from '../data/model-extras';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { list, textEl } from '../format/element';
import { siteScope } from '../http/authenticate';
import { child, many, str, type Body } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import { requireItem } from './common';

/** Text of a repeated element: JSON gives strings, XML strings or `{ value }` objects. */
function texts(body: Body | undefined, key: string): string[] {
  const value = body?.[key];
  const items = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return items.flatMap((v): string[] => {
    if (typeof v === 'string') return [v];
    if (v && typeof v === 'object' && typeof (v as Body).value === 'string') {
      return [(v as Body).value as string];
    }
    return [];
  });
}

/** The destination the keychain is re-encrypted for; all three are required. */
function checkDestination(body: Body): void {
  for (const key of [
    'destinationSiteUrlNamespace',
    'destinationSiteLuid',
    'destinationServerUrl',
  ]) {
    if (str(body, key) === undefined) {
      throw errors.malformedBody(`Retrieve Keychain needs '${key}' in the request body.`);
    }
  }
}

function keychainReply(chain: Keychain) {
  return ok([
    list(
      'encryptedKeychainList',
      chain.encrypted.map((k) => textEl('encryptedKeychain', k)),
    ),
    list(
      'associatedUserLuidList',
      chain.userIds.map((id) => textEl('associatedUserLuid', id)),
    ),
  ]);
}

/** Opaque stand-ins for the encrypted credentials of an item's embedded-password connections. */
function initialKeychain(
  connections: Array<{ id: string; userName: string; embedPassword: boolean }>,
  ownerId: string,
): Keychain {
  const embedded = connections.filter((c) => c.embedPassword);
  return {
    encrypted: embedded.map((c) =>
      Buffer.from(`sandbox-keychain:${c.id}:${c.userName}`, 'utf8').toString('base64'),
    ),
    userIds: embedded.length > 0 ? [ownerId] : [],
  };
}

function itemKeychain(
  ctx: RequestContext,
  content: SiteContent,
  kind: 'workbook' | 'datasource',
): { key: string; chain: Keychain } {
  const item =
    kind === 'workbook'
      ? requireItem(content.workbooks, ctx.params.itemId, 'workbook')
      : requireItem(content.datasources, ctx.params.itemId, 'datasource');
  const key = `${kind}:${item.id}`;
  return {
    key,
    chain: content.extras.keychains.get(key) ?? initialKeychain(item.connections, item.ownerId),
  };
}

/** Apply/Upload body: `encryptedKeychainList` and an optional user LUID mapping. */
function readApply(content: SiteContent, body: Body): Keychain {
  const encrypted = texts(child(body, 'encryptedKeychainList'), 'encryptedKeychain');
  if (encrypted.length === 0) {
    throw errors.malformedBody(
      'The request body needs <encryptedKeychainList> with at least one <encryptedKeychain>.',
    );
  }
  const pairs = many(child(body, 'associatedUserLuidMapping'), 'userLuidPair');
  const userIds = pairs.flatMap((p) => {
    const id = str(p, 'destinationSiteUserLuid');
    return id ? [requireItem(content.users, id, 'user').id] : [];
  });
  return { encrypted, userIds };
}

function itemRoutes(kind: 'workbook' | 'datasource'): Route[] {
  const base = `/sites/:siteId/${kind}s/:itemId`;
  return [
    {
      method: 'POST',
      path: `${base}/retrieveKeychain`,
      auth: 'site',
      minVersion: '3.23',
      handler: (ctx) => {
        const { content } = siteScope(ctx);
        const { chain } = itemKeychain(ctx, content, kind);
        checkDestination(ctx.body);
        return keychainReply(chain);
      },
    },
    {
      method: 'PUT',
      path: `${base}/applyKeychain`,
      auth: 'site',
      minVersion: '3.23',
      handler: (ctx) => {
        const { content } = siteScope(ctx);
        const { key } = itemKeychain(ctx, content, kind);
        content.extras.keychains.set(key, readApply(content, ctx.body));
        return NO_CONTENT;
      },
    },
  ];
}

export const keychainRoutes: Route[] = [
  ...itemRoutes('workbook'),
  ...itemRoutes('datasource'),
  {
    method: 'POST',
    path: '/sites/:siteId/users/:userId/retrieveSavedCreds',
    auth: 'site',
    minVersion: '3.23',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const user = requireItem(content.users, ctx.params.userId, 'user');
      checkDestination(ctx.body);
      return keychainReply(
        content.extras.keychains.get(`user:${user.id}`) ?? { encrypted: [], userIds: [] },
      );
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/users/:userId/uploadSavedCreds',
    auth: 'site',
    minVersion: '3.23',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const user = requireItem(content.users, ctx.params.userId, 'user');
      const { encrypted } = readApply(content, ctx.body);
      content.extras.keychains.set(`user:${user.id}`, { encrypted, userIds: [user.id] });
      return NO_CONTENT;
    },
  },
];
