/**
 * Data labels: labels on assets, label values and label categories (Catalog; certification
 * labels work without it). Paths: `labels` from the Tableau Migration SDK's LabelsApiClient
 * (POST to read, PUT to update); `labelValues` and `labelCategories` from the XSD request
 * elements and the "Data Labels in the REST API" concepts page. Versions were not confirmed.
 */
import { exampleLuid, jsonBody } from '../bodies';
import { definePresets } from '../define';

const versionNote =
  'Version inferred, not read on the method page: the Metadata API Label type is “available in Tableau Cloud March 2023 / Server 2023.1”, which is API 3.19.';
const pathNote = `The “Data Labels in the REST API” concepts page names the labelValues and labelCategories resources and their list/create/get/update/delete operations; this exact path was not read on the method page. ${versionNote}`;

const contentList = {
  contentList: { content: [{ contentType: 'datasource', id: exampleLuid }] },
};

export const labelPresets = definePresets(
  { family: 'labels-and-data-quality', prefix: 'labels', page: 'rest_api_ref_labels.htm' },
  [
    {
      id: 'get-labels-on-assets',
      name: 'Get Labels on Assets',
      description:
        'Lists the data labels on the given assets; a POST with the asset list in the body.',
      method: 'POST',
      path: '/sites/{site-id}/labels',
      minVersion: '3.19',
      sourceNote: `Method and path from the Tableau Migration SDK (LabelsApiClient). ${versionNote}`,
      body: jsonBody('contentList', contentList),
    },
    {
      id: 'update-labels-on-assets',
      name: 'Update Labels on Assets',
      description: 'Adds or updates a data label (value, message, elevated) on the given assets.',
      method: 'PUT',
      path: '/sites/{site-id}/labels',
      minVersion: '3.19',
      sourceNote: `Method and path from the Tableau Migration SDK (LabelsApiClient); the body there carries contentList and label together. ${versionNote}`,
    },
    {
      id: 'delete-labels-on-assets',
      name: 'Delete Labels on Assets',
      description: 'Removes data labels from the given assets.',
      method: 'DELETE',
      path: '/sites/{site-id}/labels',
      minVersion: '3.19',
      sourceNote: `Not confirmed in a client; follows the labels resource. ${versionNote}`,
    },
    {
      id: 'list-label-values',
      name: 'List Label Values',
      description: 'The label values administrators have defined for the site.',
      method: 'GET',
      path: '/sites/{site-id}/labelValues',
      minVersion: '3.19',
      sourceNote: pathNote,
    },
    {
      id: 'create-label-value',
      name: 'Create Label Value',
      description: 'Defines a new label value users can put on assets.',
      method: 'POST',
      path: '/sites/{site-id}/labelValues',
      minVersion: '3.19',
      sourceNote: pathNote,
      body: jsonBody(
        'labelValue',
        {
          labelValue: {
            name: 'Under review',
            category: 'Warning',
            description: 'Numbers are being checked.',
            elevatedDefault: false,
          },
        },
        { required: { labelValue: ['name', 'category'] } },
      ),
    },
    {
      id: 'get-label-value',
      name: 'Get Label Value',
      description: 'One label value: its category, description and defaults.',
      method: 'GET',
      path: '/sites/{site-id}/labelValues/{label-value-name}',
      minVersion: '3.19',
      sourceNote: pathNote,
    },
    {
      id: 'update-label-value',
      name: 'Update Label Value',
      description: 'Changes a label value’s description or elevated default.',
      method: 'PUT',
      path: '/sites/{site-id}/labelValues/{label-value-name}',
      minVersion: '3.19',
      sourceNote: pathNote,
      body: jsonBody('labelValue', {
        labelValue: { description: 'Numbers are being checked.', elevatedDefault: true },
      }),
    },
    {
      id: 'delete-label-value',
      name: 'Delete Label Value',
      description: 'Deletes a label value; labels using it are removed from assets.',
      method: 'DELETE',
      path: '/sites/{site-id}/labelValues/{label-value-name}',
      minVersion: '3.19',
      sourceNote: pathNote,
    },
    {
      id: 'list-label-categories',
      name: 'List Label Categories',
      description: 'The label categories that group label values into kinds.',
      method: 'GET',
      path: '/sites/{site-id}/labelCategories',
      minVersion: '3.19',
      sourceNote: pathNote,
    },
    {
      id: 'create-label-category',
      name: 'Create Label Category',
      description: 'Defines a new label category.',
      method: 'POST',
      path: '/sites/{site-id}/labelCategories',
      minVersion: '3.19',
      sourceNote: pathNote,
      body: jsonBody(
        'labelCategory',
        { labelCategory: { name: 'Sensitivity', description: 'How sensitive the data is.' } },
        { required: { labelCategory: ['name'] } },
      ),
    },
    {
      id: 'get-label-category',
      name: 'Get Label Category',
      description: 'One label category.',
      method: 'GET',
      path: '/sites/{site-id}/labelCategories/{label-category-name}',
      minVersion: '3.19',
      sourceNote: pathNote,
    },
    {
      id: 'update-label-category',
      name: 'Update Label Category',
      description: 'Changes a label category’s description.',
      method: 'PUT',
      path: '/sites/{site-id}/labelCategories/{label-category-name}',
      minVersion: '3.19',
      sourceNote: pathNote,
      body: jsonBody('labelCategory', { labelCategory: { description: 'Updated description.' } }),
    },
    {
      id: 'delete-label-category',
      name: 'Delete Label Category',
      description: 'Deletes a label category.',
      method: 'DELETE',
      path: '/sites/{site-id}/labelCategories/{label-category-name}',
      minVersion: '3.19',
      sourceNote: pathNote,
    },
  ],
);
