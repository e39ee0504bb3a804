import { findPreset } from '../../shared/catalog';
import { CONTENT_TYPE_NAMES, type PublishOutcome } from '../../shared/publish';
import { formatBytes } from '../lib/format';

interface Props {
  outcome: PublishOutcome;
  /** Opens a catalog preset in a new tab with these path values filled. */
  onOpen(presetId: string, pathParams: Record<string, string>): void;
  onDownload(): void;
}

/** "Open in…": the presets that read the new item, its views and its file. */
const OPEN_IN: Record<PublishOutcome['contentType'], Array<[string, string]>> = {
  workbook: [
    ['workbooks.query-workbook', 'workbook-id'],
    ['workbooks.query-views-for-workbook', 'workbook-id'],
    ['workbooks.query-workbook-connections', 'workbook-id'],
    ['workbooks.download-workbook', 'workbook-id'],
  ],
  datasource: [
    ['datasources.query-data-source', 'datasource-id'],
    ['datasources.query-data-source-connections', 'datasource-id'],
    ['datasources.download-data-source', 'datasource-id'],
  ],
  flow: [
    ['flows.query-flow', 'flow-id'],
    ['flows.query-flow-connections', 'flow-id'],
    ['flows.download-flow', 'flow-id'],
  ],
};

/** The published item: id, project, owner, its views, and requests that open it. */
export function PublishResult({ outcome, onOpen, onDownload }: Props) {
  const item = outcome.item;
  if (!item) return null;
  const { upload } = outcome;
  return (
    <section className="publish-result" aria-label="Published item">
      <h3>
        Published {CONTENT_TYPE_NAMES[item.contentType]} “{item.name}”
      </h3>
      <dl className="publish-facts">
        <dt>Id</dt>
        <dd>
          <code>{item.id}</code>
        </dd>
        <dt>Project</dt>
        <dd>{item.project ? (item.project.name ?? item.project.id) : '—'}</dd>
        <dt>Owner</dt>
        <dd>
          <code>{item.owner?.name ?? item.owner?.id ?? '—'}</code>
        </dd>
        <dt>Upload</dt>
        <dd>
          {formatBytes(outcome.bytes)},{' '}
          {upload.method === 'single' ? 'one request' : `${upload.chunks} chunks`}
          {upload.retries ? `, ${upload.retries} retried` : ''}
          {upload.reSignedIn ? ', signed in again' : ''}
          {outcome.job ? `, job ${outcome.job.id}` : ''}
        </dd>
      </dl>
      {item.contentType === 'workbook' && (
        <>
          <h4>Views ({item.views.length})</h4>
          <ul className="publish-views" aria-label="Views of the published workbook">
            {item.views.map((view) => (
              <li key={view.id}>
                <span>{view.name}</span>
                <button
                  type="button"
                  className="small link"
                  onClick={() => onOpen('workbooks.query-view-image', { 'view-id': view.id })}
                >
                  Image
                </button>
                <button
                  type="button"
                  className="small link"
                  onClick={() => onOpen('workbooks.query-view-data', { 'view-id': view.id })}
                >
                  Data
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="publish-open" role="group" aria-label="Open in">
        <span className="muted small-text">Open in…</span>
        {OPEN_IN[item.contentType].map(([presetId, param]) => (
          <button
            key={presetId}
            type="button"
            className="small"
            onClick={() => onOpen(presetId, { [param]: item.id })}
          >
            {findPreset(presetId)?.name ?? presetId}
          </button>
        ))}
        <button type="button" className="small primary" onClick={onDownload}>
          Download the file
        </button>
      </div>
    </section>
  );
}
