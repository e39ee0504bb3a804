import type { ReactNode } from 'react';
import type { Connection, SessionInfo } from '../../../shared/connection';
import type { Notify } from '../../state/use-toasts';
import { ConnectionRotationView } from './ConnectionRotationView';
import { JobsView } from './JobsView';
import { PermissionsAuditView } from './PermissionsAuditView';

/** The site tools of issue 19, each a view in the workspace (in place of the request tabs). */
export type SiteTool = 'jobs' | 'permissions' | 'connections';

export const SITE_TOOLS: Record<SiteTool, { label: string; title: string; hint: string }> = {
  jobs: {
    label: 'Jobs',
    title: 'Jobs',
    hint: 'Query, follow and cancel the jobs on the site (extract refreshes, imports, publishes)',
  },
  permissions: {
    label: 'Permissions',
    title: 'Permissions audit',
    hint: 'Every permission rule on the site in one table; effective permissions explained; snapshots and diffs',
  },
  connections: {
    label: 'Connections',
    title: 'Connections and credentials',
    hint: 'Find the data connections that use a server and change their server, port, user name or password',
  },
};

/** What every site tool gets from the app. */
export interface SiteToolProps {
  connection: Connection;
  session: SessionInfo | null;
  notify: Notify;
}

/** The launcher under the connections: one button per tool. */
export function SiteToolsLauncher({
  connection,
  active,
  onOpen,
}: {
  connection: Connection | null;
  active: SiteTool | null;
  onOpen(tool: SiteTool): void;
}) {
  return (
    <div className="site-tools-launch" role="group" aria-label="Site tools">
      {(Object.keys(SITE_TOOLS) as SiteTool[]).map((tool) => (
        <button
          key={tool}
          type="button"
          className="small"
          aria-pressed={active === tool}
          disabled={!connection}
          title={connection ? SITE_TOOLS[tool].hint : 'Add a connection first'}
          onClick={() => onOpen(tool)}
        >
          {SITE_TOOLS[tool].label}
        </button>
      ))}
    </div>
  );
}

/** A site tool in the workspace, with its title and a way back to the requests. */
export function SiteToolView({
  tool,
  onClose,
  children,
  ...props
}: SiteToolProps & { tool: SiteTool; onClose(): void; children?: ReactNode }) {
  const views: Record<SiteTool, ReactNode> = {
    jobs: <JobsView {...props} />,
    permissions: <PermissionsAuditView {...props} />,
    connections: <ConnectionRotationView {...props} />,
  };
  return (
    <section className="site-tool" aria-label={SITE_TOOLS[tool].title}>
      <header className="site-tool-header">
        <h2>{SITE_TOOLS[tool].title}</h2>
        <span className="site-tool-connection">on {props.connection.name}</span>
        <button type="button" className="small" onClick={onClose}>
          Back to requests
        </button>
      </header>
      <div className="site-tool-body">
        {views[tool]}
        {children}
      </div>
    </section>
  );
}
