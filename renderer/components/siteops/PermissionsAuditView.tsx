import type { SiteToolProps } from './SiteTools';

/** Placeholder until the view lands (issue 19). */
export function PermissionsAuditView({ connection }: SiteToolProps) {
  return <p className="muted">Not built yet for {connection.name}.</p>;
}
