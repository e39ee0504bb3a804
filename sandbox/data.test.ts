import { describe, expect, it } from 'vitest';
import { Store } from './data/store';
import { DAY_MS } from './data/dates';

describe('generated data', () => {
  const store = new Store(1, 2500);
  const [defaultSite, marketing] = store.sites.all();
  const main = store.content(defaultSite.id);
  const mkt = store.content(marketing.id);

  it('has exactly 2,500 users on the default site (admin first) and 250 on marketing', () => {
    expect(main.users.size).toBe(2500);
    expect(main.users.all()[0].name).toBe('admin');
    expect(mkt.users.size).toBe(250);
    expect(defaultSite.contentUrl).toBe('');
    expect(marketing.contentUrl).toBe('marketing');
  });

  it('has the small-scale content sizes across both sites', () => {
    const total = (pick: (c: typeof main) => number) => pick(main) + pick(mkt);
    expect(total((c) => c.projects.size)).toBe(60);
    expect(total((c) => c.groups.size)).toBe(40);
    expect(total((c) => c.workbooks.size)).toBe(400);
    expect(total((c) => c.datasources.size)).toBe(300);
    expect(total((c) => c.views.size)).toBeGreaterThan(1300);
    expect(total((c) => c.views.size)).toBeLessThan(1700);
  });

  it('includes users who never signed in and workbooks untouched for over 90 days', () => {
    const never = main.users.all().filter((u) => !u.lastLogin).length;
    expect(never).toBeGreaterThan(100);
    const cutoff = store.anchor - 90 * DAY_MS;
    const stale = main.workbooks.all().filter((w) => Date.parse(w.updatedAt) < cutoff).length;
    expect(stale).toBeGreaterThan(30);
    const years = new Set(main.workbooks.all().map((w) => w.createdAt.slice(0, 4)));
    expect(years.size).toBeGreaterThanOrEqual(3);
  });

  it('is deterministic for a seed and different for another seed', () => {
    const again = new Store(1, 2500);
    const other = new Store(2, 2500);
    const ids = (st: Store) =>
      st
        .content(st.sites.all()[0].id)
        .users.all()
        .slice(0, 5)
        .map((u) => `${u.id} ${u.name}`);
    expect(ids(again)).toEqual(ids(store));
    expect(ids(other)).not.toEqual(ids(store));
  });

  it('sizes the default site from a user count', () => {
    const small = new Store(3, 40);
    expect(small.content(small.sites.all()[0].id).users.size).toBe(40);
  });
});
