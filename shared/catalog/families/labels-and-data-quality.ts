import { jsonBody } from '../bodies';
import { definePresets } from '../define';

const contentParams = {
  'content-type': 'Kind of content: database, table, datasource, flow, workbook…',
  'content-luid': 'LUID of the content item.',
};

export const labelsAndDataQualityPresets = definePresets(
  { family: 'labels-and-data-quality', prefix: 'data-quality', page: 'rest_api_ref_metadata.htm' },
  [
    {
      id: 'add-data-quality-warning',
      name: 'Add Data Quality Warning',
      description:
        'Puts a data quality warning (deprecated, stale, maintenance…) on a content item.',
      method: 'POST',
      path: '/sites/{site-id}/dataQualityWarnings/{content-type}/{content-luid}',
      minVersion: '3.9',
      sourceNote:
        'Paths match TSC. Version unverified: TSC gates its data-quality-warning helpers at 3.5 (its Catalog baseline) and 3.9 is the first-pass value; the current Metadata Methods page no longer lists these methods (the data-labels concepts page calls them the older, still supported dataQualityWarnings endpoints), so no version line was found.',
      params: contentParams,
      body: jsonBody(
        'dataQualityWarning',
        {
          dataQualityWarning: { type: 'MAINTENANCE', isActive: true, message: 'Reloading tonight' },
        },
        { required: { dataQualityWarning: ['type'] } },
      ),
    },
    {
      id: 'query-data-quality-warning-by-id',
      name: 'Query Data Quality Warning by ID',
      description: 'Returns one data quality warning.',
      method: 'GET',
      path: '/sites/{site-id}/dataQualityWarnings/{dqw-id}',
      minVersion: '3.9',
      sourceNote:
        'Paths match TSC. Version unverified: TSC gates its data-quality-warning helpers at 3.5 (its Catalog baseline) and 3.9 is the first-pass value; the current Metadata Methods page no longer lists these methods (the data-labels concepts page calls them the older, still supported dataQualityWarnings endpoints), so no version line was found.',
    },
    {
      id: 'query-data-quality-warning-by-content',
      name: 'Query Data Quality Warning by Content',
      description: 'The data quality warnings on a content item.',
      method: 'GET',
      path: '/sites/{site-id}/dataQualityWarnings/{content-type}/{content-luid}',
      minVersion: '3.9',
      sourceNote:
        'Paths match TSC. Version unverified: TSC gates its data-quality-warning helpers at 3.5 (its Catalog baseline) and 3.9 is the first-pass value; the current Metadata Methods page no longer lists these methods (the data-labels concepts page calls them the older, still supported dataQualityWarnings endpoints), so no version line was found.',
      params: contentParams,
      listPath: 'dataQualityWarningList.dataQualityWarning',
    },
    {
      id: 'update-data-quality-warning',
      name: 'Update Data Quality Warning',
      description: 'Changes a warning’s type, message, severity or active state.',
      method: 'PUT',
      path: '/sites/{site-id}/dataQualityWarnings/{dqw-id}',
      minVersion: '3.9',
      sourceNote:
        'Paths match TSC. Version unverified: TSC gates its data-quality-warning helpers at 3.5 (its Catalog baseline) and 3.9 is the first-pass value; the current Metadata Methods page no longer lists these methods (the data-labels concepts page calls them the older, still supported dataQualityWarnings endpoints), so no version line was found.',
      body: jsonBody('dataQualityWarning', {
        dataQualityWarning: {
          type: 'STALE',
          isActive: true,
          isSevere: false,
          message: 'Data is a week old',
        },
      }),
    },
    {
      id: 'delete-data-quality-warning-by-id',
      name: 'Delete Data Quality Warning by ID',
      description: 'Deletes one data quality warning.',
      method: 'DELETE',
      path: '/sites/{site-id}/dataQualityWarnings/{dqw-id}',
      minVersion: '3.9',
      sourceNote:
        'Paths match TSC. Version unverified: TSC gates its data-quality-warning helpers at 3.5 (its Catalog baseline) and 3.9 is the first-pass value; the current Metadata Methods page no longer lists these methods (the data-labels concepts page calls them the older, still supported dataQualityWarnings endpoints), so no version line was found.',
    },
    {
      id: 'delete-data-quality-warning-by-content',
      name: 'Delete Data Quality Warning by Content',
      description: 'Deletes every data quality warning on a content item.',
      method: 'DELETE',
      path: '/sites/{site-id}/dataQualityWarnings/{content-type}/{content-luid}',
      minVersion: '3.9',
      sourceNote:
        'Paths match TSC. Version unverified: TSC gates its data-quality-warning helpers at 3.5 (its Catalog baseline) and 3.9 is the first-pass value; the current Metadata Methods page no longer lists these methods (the data-labels concepts page calls them the older, still supported dataQualityWarnings endpoints), so no version line was found.',
      params: contentParams,
    },
  ],
);
