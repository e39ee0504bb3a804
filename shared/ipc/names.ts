/**
 * Channel and event names without their schemas, for the preload: it is bundled into one
 * small CommonJS file and must not carry zod. `contract.test.ts` keeps this list equal to the
 * contract's channels.
 */
export const CHANNEL_NAMES = [
  'app:info',
  'connections:list',
  'connections:save',
  'connections:delete',
  'session:signIn',
  'session:signOut',
  'session:switchSite',
  'session:list',
  'request:send',
  'request:cancel',
  'response:slice',
  'response:release',
  'response:reopen',
  'operations:start',
  'operations:wait',
  'operations:get',
  'operations:list',
  'operations:cancel',
  'operations:retryFailed',
  'bulk:usersFileRows',
  'export:save',
  'collections:get',
  'collections:put',
  'history:list',
  'history:clear',
  'history:open',
  'workspace:get',
  'workspace:put',
  'variables:get',
  'variables:put',
  'variables:set',
  'response:check',
  'runs:export',
  'settings:get',
  'settings:put',
  'metadata:schema',
  'metadata:staleWorkbooks',
  'files:choose',
  'files:inspect',
  'downloads:start',
  'jobs:list',
  'jobs:get',
  'jobs:cancel',
  'jobs:refreshable',
  'notifications:show',
] as const;

export const EVENT_NAMES = ['session:changed', 'operation:progress'] as const;

/** The preload's function name for a channel: 'session:signIn' → 'sessionSignIn'. */
export function bridgeName(channel: string): string {
  const [domain, action] = channel.split(':');
  return (
    domain.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) +
    action[0].toUpperCase() +
    action.slice(1)
  );
}
