import type { GranteeRule, PermissionKind } from '../data/model';
import type { SiteContent } from '../data/site-content';

function key(kind: string, id: string): string {
  return `${kind}:${id}`;
}

/**
 * Explicit permission rules of one item. Items nobody has touched get Tableau's usual
 * starting rules lazily: the "All Users" group may view, the owner may do everything.
 */
export function permissionsOf(
  content: SiteContent,
  kind: PermissionKind | `default-${string}`,
  id: string,
  ownerId: string,
): GranteeRule[] {
  const k = key(kind, id);
  let rules = content.permissions.get(k);
  if (!rules) {
    const allUsers = content.groups.all().find((g) => g.name === 'All Users');
    rules = [];
    if (allUsers) {
      const viewer =
        kind === 'datasource' || kind === 'default-datasources'
          ? ['Read', 'Connect']
          : kind === 'flow' || kind === 'default-flows'
            ? ['Read']
            : ['Read', 'Filter', 'ViewComments', 'AddComment', 'ExportImage'];
      rules.push({
        granteeKind: 'group',
        granteeId: allUsers.id,
        capabilities: new Map(viewer.map((c) => [c, 'Allow' as const])),
      });
    }
    // Default permissions of a project are templates: they hold group rules only.
    if (!kind.startsWith('default-'))
      rules.push({
        granteeKind: 'user',
        granteeId: ownerId,
        capabilities: new Map([
          ['Read', 'Allow'],
          ['Write', 'Allow'],
          ['ChangePermissions', 'Allow'],
        ]),
      });
    content.permissions.set(k, rules);
  }
  return rules;
}

export function deletePermissionsOf(content: SiteContent, kind: string, id: string): void {
  content.permissions.delete(key(kind, id));
}
