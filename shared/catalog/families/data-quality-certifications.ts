/**
 * Data quality certifications, quality-warning triggers, batch data quality warnings and labels
 * by id (Metadata Methods page, Data Management). Methods, verbs, paths and request elements
 * come from Tableau's own Postman collection (folder "Metadata") and the 3.29 XSD
 * (`dataQualityIndicator`, `dataQualityTrigger`, `contentList`, `label`); the collection gives no
 * versions, so each minimum version is inferred and says so.
 */
import { exampleLuid, jsonBody, jsonBodyOf } from '../bodies';
import { definePresets } from '../define';
import { requiredQuery } from '../query-params';

const contentParams = {
  'content-type': 'Kind of content: database, table, datasource, flow…',
  'content-luid': 'LUID of the content item.',
};

const certificationNote =
  'Method and path from Tableau’s Postman collection (note its singular dataQualityCertification for the by-id and by-content paths); minimum version inferred from the data quality warning methods (3.9), not read on the method page.';
const triggerNote =
  'Method and path from Tableau’s Postman collection; the dataQualityTrigger request element is in the 3.29 XSD. Minimum version inferred (quality warning triggers arrived after data quality warnings; 3.12 is an estimate), not read on the method page.';
const batchNote =
  'Method and path from Tableau’s Postman collection; minimum version inferred from the data quality warning methods (3.9), not read on the method page.';
const labelNote =
  'Method and path from Tableau’s Postman collection (Get/Update/Delete Label); version inferred from the Metadata API Label type (Cloud March 2023 / Server 2023.1, API 3.19).';

const someContent = {
  contentList: {
    content: [
      { contentType: 'database', id: exampleLuid },
      { contentType: 'datasource', id: exampleLuid },
    ],
  },
};

const contentIdFilter = [
  requiredQuery(
    'filter',
    'string',
    'The content items, as contentId:in:[luid1,luid2] (Tableau’s filter syntax).',
  ),
];

export const dataQualityCertificationPresets = definePresets(
  { family: 'labels-and-data-quality', prefix: 'data-quality', page: 'rest_api_ref_metadata.htm' },
  [
    {
      id: 'batch-add-data-quality-certifications',
      name: 'Batch Add (or Update) Data Quality Certifications',
      description:
        'Certifies several databases, tables or data sources at once with one certification message.',
      method: 'POST',
      path: '/sites/{site-id}/dataQualityCertifications',
      minVersion: '3.9',
      anchor: 'add_dqw_certification',
      sourceNote: certificationNote,
      body: jsonBodyOf(['contentList', 'dataQualityIndicator'], {
        ...someContent,
        dataQualityIndicator: {
          type: 'CERTIFICATION',
          message: 'Checked by finance',
          active: true,
        },
      }),
    },
    {
      id: 'query-data-quality-certification-by-id',
      name: 'Query Data Quality Certification by ID',
      description: 'Returns one data quality certification.',
      method: 'GET',
      path: '/sites/{site-id}/dataQualityCertification/{dqc-id}',
      minVersion: '3.9',
      anchor: 'query_dqw_certification',
      sourceNote: certificationNote,
    },
    {
      id: 'query-data-quality-certifications-by-content',
      name: 'Query Data Quality Certifications by Content',
      description: 'The data quality certifications on one content item.',
      method: 'GET',
      path: '/sites/{site-id}/dataQualityCertification/{content-type}/{content-luid}',
      minVersion: '3.9',
      anchor: 'query_dqw_certifications',
      sourceNote: certificationNote,
      params: contentParams,
    },
    {
      id: 'delete-data-quality-certification-by-id',
      name: 'Delete Data Quality Certification by ID',
      description: 'Removes one data quality certification.',
      method: 'DELETE',
      path: '/sites/{site-id}/dataQualityCertification/{dqc-id}',
      minVersion: '3.9',
      anchor: 'delete_dqw_certification',
      sourceNote: certificationNote,
    },
    {
      id: 'delete-data-quality-certifications-by-content',
      name: 'Delete Data Quality Certification by Content',
      description: 'Removes the certifications of the content items listed in the body.',
      method: 'DELETE',
      path: '/sites/{site-id}/dataQualityCertification',
      minVersion: '3.9',
      anchor: 'delete_dqw_certifications',
      sourceNote: `${certificationNote} The content list travels in the body of the DELETE.`,
      body: jsonBody('contentList', someContent),
    },
    {
      id: 'batch-add-data-quality-warnings',
      name: 'Batch Add (or Update) Data Quality Warnings',
      description: 'Puts the same data quality warning on several content items at once.',
      method: 'POST',
      path: '/sites/{site-id}/dataQualityWarnings/createOrUpdate',
      minVersion: '3.9',
      anchor: 'batch_add_dqws',
      sourceNote: batchNote,
      body: jsonBodyOf(['contentList', 'dataQualityWarning'], {
        ...someContent,
        dataQualityWarning: { type: 'MAINTENANCE', message: 'Reloading tonight', isActive: true },
      }),
    },
    {
      id: 'batch-delete-data-quality-warnings',
      name: 'Batch Delete Data Quality Warnings',
      description: 'Removes the data quality warnings of every content item listed in the body.',
      method: 'DELETE',
      path: '/sites/{site-id}/dataQualityWarnings/batchDelete',
      minVersion: '3.9',
      anchor: 'batch_delete_dqws',
      sourceNote: `${batchNote} The content list travels in the body of the DELETE.`,
      body: jsonBody('contentList', someContent),
    },
    {
      id: 'add-quality-warning-trigger',
      name: 'Add (or Update) Quality Warning Trigger',
      description:
        'Watches extract refreshes or flow runs of the given items and raises a warning when one fails.',
      method: 'POST',
      path: '/sites/{site-id}/dataQualityTriggers/{content-type}/contentIds',
      minVersion: '3.12',
      anchor: 'add_dqw_trigger',
      sourceNote: triggerNote,
      params: { 'content-type': 'Kind of content: datasource or flow.' },
      query: contentIdFilter,
      body: jsonBody('dataQualityTrigger', {
        dataQualityTrigger: {
          type: 'extract_refresh',
          active: true,
          severe: false,
          message: 'The nightly refresh failed',
        },
      }),
    },
    {
      id: 'query-quality-warning-trigger',
      name: 'Query Quality Warning Trigger',
      description: 'Returns one quality warning trigger.',
      method: 'GET',
      path: '/sites/{site-id}/dataQualityTriggers/{trigger-id}',
      minVersion: '3.12',
      anchor: 'query_dqw_triggers',
      sourceNote: triggerNote,
      params: { 'trigger-id': 'Id of the quality warning trigger.' },
    },
    {
      id: 'query-quality-warning-triggers-by-content',
      name: 'Query All Quality Warning Triggers by Content',
      description: 'The quality warning triggers of one content item.',
      method: 'GET',
      path: '/sites/{site-id}/dataQualityTriggers/{content-type}/{content-luid}',
      minVersion: '3.12',
      anchor: 'query_dqw_triggers1',
      sourceNote: triggerNote,
      params: contentParams,
    },
    {
      id: 'update-quality-warning-trigger',
      name: 'Update Quality Warning Trigger',
      description: 'Changes a trigger’s message, severity or active state.',
      method: 'PUT',
      path: '/sites/{site-id}/dataQualityTriggers/{trigger-id}',
      minVersion: '3.12',
      anchor: 'update_dqw_trigger',
      sourceNote: triggerNote,
      params: { 'trigger-id': 'Id of the quality warning trigger.' },
      body: jsonBody('dataQualityTrigger', {
        dataQualityTrigger: { type: 'extract_refresh', active: true, severe: true },
      }),
    },
    {
      id: 'delete-quality-warning-trigger-by-id',
      name: 'Delete Quality Warning Trigger by ID',
      description: 'Deletes one quality warning trigger.',
      method: 'DELETE',
      path: '/sites/{site-id}/dataQualityTriggers/{trigger-id}',
      minVersion: '3.12',
      anchor: 'delete_dqw_trigger',
      sourceNote: triggerNote,
      params: { 'trigger-id': 'Id of the quality warning trigger.' },
    },
    {
      id: 'delete-quality-warning-triggers-by-content',
      name: 'Delete Quality Warning Trigger by Content',
      description: 'Deletes the triggers of the content items named in the filter.',
      method: 'DELETE',
      path: '/sites/{site-id}/dataQualityTriggers/{content-type}/contentIds',
      minVersion: '3.12',
      anchor: 'delete_dqw_triggers',
      sourceNote: `${triggerNote} Tableau’s collection writes the content type segment literally (…/content-type/contentIds); it is a placeholder.`,
      params: { 'content-type': 'Kind of content: datasource or flow.' },
      query: contentIdFilter,
    },
    {
      id: 'get-label',
      name: 'Get Label',
      description: 'Returns one data label (certification, warning or custom) by its id.',
      method: 'GET',
      path: '/sites/{site-id}/labels/{label-id}',
      minVersion: '3.19',
      sourceNote: labelNote,
      params: { 'label-id': 'LUID of the data label.' },
    },
    {
      id: 'update-label',
      name: 'Update Label',
      description: 'Changes a data label’s value, message, active or elevated state.',
      method: 'PUT',
      path: '/sites/{site-id}/labels/{label-id}',
      minVersion: '3.19',
      sourceNote: labelNote,
      params: { 'label-id': 'LUID of the data label.' },
      body: jsonBody('label', {
        label: {
          value: 'Deprecated',
          message: 'Use the new source',
          active: true,
          elevated: false,
        },
      }),
    },
    {
      id: 'delete-label',
      name: 'Delete Label',
      description: 'Deletes one data label.',
      method: 'DELETE',
      path: '/sites/{site-id}/labels/{label-id}',
      minVersion: '3.19',
      sourceNote: labelNote,
      params: { 'label-id': 'LUID of the data label.' },
    },
  ],
);
