import { randomUUID } from 'node:crypto';
import type { Project } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, type Element } from '../format/element';
import { requireSiteAdmin, siteScope } from '../http/authenticate';
import { child, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type Route } from '../http/route';
import type { FieldMode } from '../query/fields';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { notFound, nowIso, ownerElement, requireItem } from './common';
import { deletePermissionsOf } from './permissions-store';

const CONTENT_PERMISSIONS = new Set([
  'LockedToProject',
  'ManagedByOwner',
  'LockedToProjectWithoutNested',
]);

type Counts = Map<
  string,
  { projectCount: number; workbookCount: number; viewCount: number; datasourceCount: number }
>;

/** One pass over the site's content: `contentsCounts` for every project (`_all_` only). */
function countContents(content: SiteContent): Counts {
  const counts: Counts = new Map();
  const of = (id: string | undefined) => {
    if (!id) return undefined;
    let c = counts.get(id);
    if (!c)
      counts.set(id, (c = { projectCount: 0, workbookCount: 0, viewCount: 0, datasourceCount: 0 }));
    return c;
  };
  for (const p of content.projects.all()) {
    const parent = of(p.parentProjectId);
    if (parent) parent.projectCount++;
  }
  for (const w of content.workbooks.all()) of(w.projectId)!.workbookCount++;
  for (const v of content.views.all()) of(v.projectId)!.viewCount++;
  for (const d of content.datasources.all()) of(d.projectId)!.datasourceCount++;
  return counts;
}

/** Renders projects; `_all_` adds topLevelProject, writeable, owner details and counts. */
export function projectRenderer(content: SiteContent) {
  let counts: Counts | undefined;
  return (project: Project, mode: FieldMode): Element => {
    const attrs: Element['attrs'] = {
      id: project.id,
      name: project.name,
      description: project.description,
      createdAt: project.createdAt,
      updatedAt: project.updatedAt,
      contentPermissions: project.contentPermissions,
      parentProjectId: project.parentProjectId,
    };
    const children = [ownerElement(content, project.ownerId, mode)];
    if (mode === 'all') {
      attrs.topLevelProject = project.parentProjectId === undefined;
      attrs.writeable = true;
      attrs.controllingPermissionsProjectId = controllingProject(content, project).id;
      counts ??= countContents(content);
      const c = counts.get(project.id);
      children.push(
        el('contentsCounts', {
          projectCount: c?.projectCount ?? 0,
          workbookCount: c?.workbookCount ?? 0,
          viewCount: c?.viewCount ?? 0,
          datasourceCount: c?.datasourceCount ?? 0,
        }),
      );
    }
    return el('project', attrs, children);
  };
}

/** Locked projects control their nested projects' permissions. */
function controllingProject(content: SiteContent, project: Project): Project {
  let current = project;
  let top = project;
  while (current.parentProjectId) {
    const parent = content.projects.get(current.parentProjectId);
    if (!parent) break;
    if (parent.contentPermissions === 'LockedToProject') top = parent;
    current = parent;
  }
  return top;
}

export const PROJECT_FIELDS = (content: SiteContent): FieldSpecs<Project> => ({
  id: { type: 'string', get: (p) => p.id },
  name: { type: 'string', get: (p) => p.name },
  ownerName: { type: 'string', get: (p) => content.users.get(p.ownerId)?.name },
  ownerEmail: { type: 'string', get: (p) => content.users.get(p.ownerId)?.email },
  ownerDomain: { type: 'string', get: (p) => content.users.get(p.ownerId)?.domainName },
  parentProjectId: { type: 'string', get: (p) => p.parentProjectId },
  topLevelProject: { type: 'boolean', get: (p) => p.parentProjectId === undefined },
  createdAt: { type: 'date', get: (p) => p.createdAt },
  updatedAt: { type: 'date', get: (p) => p.updatedAt },
  description: { type: 'string', get: (p) => p.description, filter: false },
});

/** Project names are unique under one parent (409006 otherwise). */
function checkName(
  content: SiteContent,
  name: string,
  parentId: string | undefined,
  except?: string,
) {
  const clash = content.projects
    .all()
    .some(
      (p) =>
        p.id !== except &&
        p.parentProjectId === parentId &&
        p.name.toLowerCase() === name.toLowerCase(),
    );
  if (clash) {
    throw errors.conflict(
      '409006',
      'Conflict',
      `A project named '${name}' already exists in this location.`,
    );
  }
}

function parentFrom(content: SiteContent, value: string | undefined, self?: string) {
  if (value === undefined || value === '') return undefined;
  if (!content.projects.get(value)) throw notFound('project', value);
  // A project cannot move under itself or one of its descendants.
  for (let id: string | undefined = value; id; id = content.projects.get(id)?.parentProjectId) {
    if (id === self) throw errors.badRequest('A project cannot be nested under itself.');
  }
  return value.toLowerCase();
}

function contentPermissions(value: string | undefined): Project['contentPermissions'] | undefined {
  if (value === undefined) return undefined;
  if (!CONTENT_PERMISSIONS.has(value)) {
    throw errors.badRequest(`The contentPermissions value '${value}' is not valid.`);
  }
  return value as Project['contentPermissions'];
}

function deleteProjectTree(content: SiteContent, root: Project): void {
  const doomed = new Set<string>([root.id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of content.projects.all()) {
      if (p.parentProjectId && doomed.has(p.parentProjectId) && !doomed.has(p.id)) {
        doomed.add(p.id);
        grew = true;
      }
    }
  }
  // Deleting a project deletes its workbooks, views and data sources, as on Tableau.
  for (const w of content.workbooks.all().filter((w) => doomed.has(w.projectId))) {
    for (const viewId of w.viewIds) content.views.remove(viewId);
    content.workbooks.remove(w.id);
  }
  for (const d of content.datasources.all().filter((d) => doomed.has(d.projectId))) {
    content.datasources.remove(d.id);
  }
  for (const id of doomed) {
    content.projects.remove(id);
    deletePermissionsOf(content, 'project', id);
  }
}

export const projectRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sites/:siteId/projects',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const projects = content.projects;
      return paginatedList(
        ctx.query,
        { items: projects.all(), cache: { collection: projects, key: 'projects' } },
        PROJECT_FIELDS(content),
        'projects',
        projectRenderer(content),
      );
    },
  },
  {
    method: 'POST',
    path: '/sites/:siteId/projects',
    auth: 'site',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      // Creating top-level projects is for administrators (403045, migration SDK's code).
      requireSiteAdmin(scope, '403045');
      const { content, user } = scope;
      const body = required(ctx.body, 'project');
      const name = str(body, 'name');
      if (!name) throw errors.malformedBody("A project needs a 'name'.");
      const parentProjectId = parentFrom(content, str(body, 'parentProjectId'));
      checkName(content, name, parentProjectId);
      const now = nowIso();
      const project: Project = {
        id: randomUUID(),
        name,
        description: str(body, 'description') ?? '',
        contentPermissions: contentPermissions(str(body, 'contentPermissions')) ?? 'ManagedByOwner',
        parentProjectId,
        ownerId: str(child(body, 'owner'), 'id') ?? user.id,
        createdAt: now,
        updatedAt: now,
      };
      content.projects.add(project);
      return ok([projectRenderer(content)(project, 'default')], 201);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/projects/:projectId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const project = requireItem(content.projects, ctx.params.projectId, 'project');
      // An empty `<project/>` changes nothing and returns the project: TSC's projects.get_by_id
      // reads a project this way, since Tableau has no Query Project by id method.
      const body = ctx.body.project === '' ? {} : required(ctx.body, 'project');
      const parentText = str(body, 'parentProjectId');
      const parent =
        parentText === undefined
          ? project.parentProjectId
          : parentFrom(content, parentText, project.id);
      const name = str(body, 'name') ?? project.name;
      checkName(content, name, parent, project.id);
      project.name = name;
      project.parentProjectId = parent;
      project.description = str(body, 'description') ?? project.description;
      project.contentPermissions =
        contentPermissions(str(body, 'contentPermissions')) ?? project.contentPermissions;
      const ownerId = str(child(body, 'owner'), 'id');
      if (ownerId) project.ownerId = requireItem(content.users, ownerId, 'user').id;
      project.updatedAt = nowIso();
      content.projects.touch();
      return ok([projectRenderer(content)(project, 'default')]);
    },
  },
  {
    method: 'DELETE',
    path: '/sites/:siteId/projects/:projectId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const project = requireItem(content.projects, ctx.params.projectId, 'project');
      if (project === content.projects.all()[0]) {
        throw errors.forbidden('The Default project cannot be deleted.');
      }
      deleteProjectTree(content, project);
      return NO_CONTENT;
    },
  },
];
