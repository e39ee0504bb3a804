/**
 * The versionless JSON APIs under `/api/-/` (identity pools, extension settings, content
 * exploration, Pulse): routes, their context and JSON answers. Unlike the versioned REST API
 * they speak JSON only and carry no API version in the URL; each route names the REST API
 * version it first shipped with, which an emulated older server does not answer.
 */
import type { Session } from '../auth/sessions';
import type { Site, User } from '../data/model';
import type { SiteContent } from '../data/site-content';
import type { ServerState } from '../http/route';

export type JsonBody = Record<string, unknown>;

export interface VersionlessContext {
  state: ServerState;
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: JsonBody;
  session: Session;
  site: Site;
  content: SiteContent;
  user: User;
}

export interface JsonReply {
  status: number;
  json?: unknown;
}

export interface VersionlessRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** After `/api/-`, e.g. `/authn-service/identity-pools/:poolId`; literals match case-insensitively. */
  path: string;
  minVersion: string;
  /** Only on one platform (`server`: identity pools, server settings; `cloud`: Pulse). */
  platform?: 'server' | 'cloud';
  /** Site or server administrators only. */
  admin?: 'site' | 'server';
  handler: (ctx: VersionlessContext) => JsonReply;
}

export const json = (value: unknown, status = 200): JsonReply => ({ status, json: value });
export const noContent: JsonReply = { status: 204 };
