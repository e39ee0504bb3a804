import { generateContent, generateJobHistory } from './generate-content';
import {
  generateGroups,
  generateProjects,
  generateUsers,
  PUBLISHER_ROLES,
  type SitePlan,
} from './generate-people';
import { Random } from './random';
import { emptySiteContent, type SiteContent } from './site-content';

export type { SitePlan } from './generate-people';

/**
 * The last workbook and the last data source with extracts (in the order they are listed) are
 * the ones whose database cannot be reached: their extract refreshes always fail, with a note.
 * No random draw, so every other generated value stays as it was.
 */
function markFailingRefreshes(content: SiteContent): void {
  const workbook = content.workbooks
    .all()
    .filter((w) => w.hasExtracts)
    .at(-1);
  if (workbook) workbook.refreshFails = true;
  const datasource = content.datasources
    .all()
    .filter((d) => d.hasExtracts)
    .at(-1);
  if (datasource) datasource.refreshFails = true;
}

/** Builds one site's content from its own seed, so sites can be generated lazily. */
export function generateSite(plan: SitePlan, seed: number, anchor: number): SiteContent {
  const rng = new Random(seed);
  const content = emptySiteContent();
  generateUsers(rng, plan, anchor, content);
  const owners = content.users.all().filter((u) => PUBLISHER_ROLES.has(u.siteRole));
  if (owners.length === 0) owners.push(content.users.all()[0]);
  generateProjects(rng, plan, anchor, owners, content);
  generateGroups(rng, plan, content);
  generateContent(rng, plan, anchor, owners, content);
  generateJobHistory(rng, anchor, content);
  markFailingRefreshes(content);
  const admin = content.users.all()[0];
  const favorites = [
    content.workbooks.all()[0],
    content.views.all()[0],
    content.datasources.all()[0],
    content.projects.all()[1],
  ];
  const kinds = ['workbook', 'view', 'datasource', 'project'] as const;
  content.favorites.set(
    admin.id,
    favorites.flatMap((item, i) =>
      item ? [{ label: item.name, kind: kinds[i], id: item.id }] : [],
    ),
  );
  return content;
}
