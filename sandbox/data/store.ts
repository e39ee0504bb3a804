import { Collection } from './collection';
import { generationAnchor, isoSeconds, DAY_MS } from './dates';
import { generateExtras } from './generate-extras';
import { generateGovernance } from './generate-governance';
import { generateSite, type SitePlan } from './generate-site';
import { generateSchedules, generateTasks } from './generate-schedules';
import type { Schedule, Site } from './model';
import { Random } from './random';
import type { SiteContent } from './site-content';

/**
 * All server state. Site content is generated on first use, so a large server starts at
 * once and only pays for the sites a client actually opens.
 */
export class Store {
  readonly sites: Collection<Site>;
  readonly schedules: Collection<Schedule>;
  readonly anchor: number;
  private readonly contents = new Map<string, SiteContent>();
  private readonly plans = new Map<string, { plan: SitePlan; seed: number }>();

  constructor(
    readonly seed: number,
    defaultSiteUsers: number,
    /** On a Tableau Cloud pod there is no server administrator: the demo admin is a site admin. */
    readonly cloud = false,
  ) {
    this.anchor = generationAnchor();
    const rng = new Random(seed);
    const f = defaultSiteUsers / 2500;
    const size = (n: number, min: number) => Math.max(min, Math.round(n * f));
    const defaultPlan: SitePlan = {
      users: defaultSiteUsers,
      projects: size(50, 3),
      groups: size(35, 2),
      workbooks: size(350, 3),
      datasources: size(260, 2),
    };
    // Marketing is a tenth of the default site: 250 users at the small scale.
    const marketingPlan: SitePlan = {
      users: size(250, 1),
      projects: size(10, 2),
      groups: size(5, 2),
      workbooks: size(50, 2),
      datasources: size(40, 2),
    };
    const created = isoSeconds(this.anchor - 3 * 365 * DAY_MS);
    const defaultSite = this.makeSite(rng.luid(), 'Default', '', created, defaultPlan.users);
    const marketing = this.makeSite(
      rng.luid(),
      'Marketing',
      'marketing',
      created,
      marketingPlan.users,
    );
    this.sites = new Collection([defaultSite, marketing]);
    this.plans.set(defaultSite.id, { plan: defaultPlan, seed: seed * 31 + 1 });
    this.plans.set(marketing.id, { plan: marketingPlan, seed: seed * 31 + 2 });
    this.schedules = new Collection(generateSchedules(new Random(seed * 31 + 3), this.anchor));
  }

  private makeSite(
    id: string,
    name: string,
    contentUrl: string,
    createdAt: string,
    users: number,
  ): Site {
    return {
      id,
      name,
      contentUrl,
      adminMode: 'ContentAndUsers',
      state: 'Active',
      storageQuota: 102400,
      // Licences for twice the generated users, so adding users never hits the quota.
      userQuota: users * 2,
      revisionHistoryEnabled: true,
      revisionLimit: 25,
      subscribeOthersEnabled: true,
      disableSubscriptions: false,
      createdAt,
      plannedUsers: users,
    };
  }

  siteByContentUrl(contentUrl: string): Site | undefined {
    const wanted = contentUrl.toLowerCase();
    return this.sites.all().find((s) => s.contentUrl.toLowerCase() === wanted);
  }

  /** Adds a site created through the API (empty apart from its admin and Default project). */
  addSite(site: Site, plan: SitePlan): void {
    this.sites.add(site);
    this.plans.set(site.id, { plan, seed: this.seed * 31 + 7 + this.sites.size });
  }

  removeSite(id: string): void {
    this.sites.remove(id);
    this.contents.delete(id);
    this.plans.delete(id);
  }

  content(siteId: string): SiteContent {
    let content = this.contents.get(siteId);
    if (!content) {
      const entry = this.plans.get(siteId);
      if (!entry) throw new Error(`no plan for site ${siteId}`);
      content = generateSite(entry.plan, entry.seed, this.anchor);
      generateTasks(new Random(entry.seed + 5), content, this.schedules.all());
      generateExtras(new Random(entry.seed + 7), this.anchor, content, this.schedules.all());
      generateGovernance(new Random(entry.seed + 11), this.anchor, content, this.schedules.all());
      if (this.cloud) {
        for (const user of content.users.all()) {
          if (user.siteRole === 'ServerAdministrator') user.siteRole = 'SiteAdministratorCreator';
        }
      }
      this.contents.set(siteId, content);
    }
    return content;
  }
}
