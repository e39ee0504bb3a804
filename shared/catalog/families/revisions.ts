import { definePresets, type PresetInput } from '../define';
import { pagination } from '../query-params';

const kinds = [
  { segment: 'datasources', param: 'datasource-id', label: 'Data Source' },
  { segment: 'workbooks', param: 'workbook-id', label: 'Workbook' },
];

export const revisionPresets = definePresets(
  { family: 'revisions', prefix: 'revisions', page: 'rest_api_ref_revisions.htm' },
  kinds.flatMap((kind): PresetInput[] => {
    const base = `/sites/{site-id}/${kind.segment}/{${kind.param}}/revisions`;
    const noun = kind.label.toLowerCase();
    return [
      {
        id: `get-${kind.segment}-revisions`,
        name: `Get ${kind.label} Revisions`,
        description: `Lists the saved revisions of a ${noun} (revision history must be on).`,
        method: 'GET',
        path: base,
        minVersion: '2.3',
        query: pagination,
        paginated: true,
        listPath: 'revisions.revision',
      },
      {
        id: `download-${kind.segment}-revision`,
        name: `Download ${kind.label} Revision`,
        description: `Downloads one revision of a ${noun} as a file.`,
        method: 'GET',
        path: `${base}/{revision-number}/content`,
        minVersion: '2.3',
      },
      {
        id: `remove-${kind.segment}-revision`,
        name: `Remove ${kind.label} Revision`,
        description: `Deletes one revision of a ${noun}; the current one cannot be removed.`,
        method: 'DELETE',
        path: `${base}/{revision-number}`,
        minVersion: '2.3',
      },
    ];
  }),
);
