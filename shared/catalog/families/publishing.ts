import { exampleLuid, multipartBody } from '../bodies';
import { definePresets } from '../define';
import { queryParam } from '../query-params';

const uploadSession = queryParam(
  'uploadSessionId',
  'string',
  'Finish a chunked upload instead of sending the file in this request.',
);
const overwrite = queryParam('overwrite', 'boolean', 'Replace an item with the same name.');
const asJob = queryParam('asJob', 'boolean', 'Publish in the background and return a job (202).');

export const publishingPresets = definePresets(
  { family: 'publishing', prefix: 'publishing', page: 'rest_api_ref_publishing.htm' },
  [
    {
      id: 'initiate-file-upload',
      name: 'Initiate File Upload',
      description: 'Starts a chunked upload; returns the uploadSessionId for the following calls.',
      method: 'POST',
      path: '/sites/{site-id}/fileUploads',
      minVersion: '2.0',
    },
    {
      id: 'append-to-file-upload',
      name: 'Append to File Upload',
      description: 'Sends the next chunk of a file in an upload session.',
      method: 'PUT',
      path: '/sites/{site-id}/fileUploads/{upload-session-id}',
      minVersion: '2.0',
      body: {
        format: 'multipart',
        note: 'multipart/mixed: an empty request_payload part, then a tableau_file part (application/octet-stream) holding the chunk.',
      },
    },
    {
      id: 'publish-workbook',
      name: 'Publish Workbook',
      description:
        'Publishes a .twb or .twbx (one request up to 64 MB, or finishing an upload session). Postman’s collection adds a stray /{workbook-id}.',
      method: 'POST',
      path: '/sites/{site-id}/workbooks',
      minVersion: '2.0',
      query: [
        queryParam('workbookType', 'string', 'File type, needed with uploadSessionId.', {
          allowed: ['twb', 'twbx'],
        }),
        overwrite,
        asJob,
        queryParam('skipConnectionCheck', 'boolean', 'Publish without testing connections (3.9+).'),
        uploadSession,
      ],
      body: multipartBody(
        'workbook',
        { workbook: { name: 'Sales', showTabs: 'true', project: { id: exampleLuid } } },
        'multipart/mixed: request_payload (this JSON or the XML form), then a tableau_workbook part with the file (omit it when uploadSessionId is given).',
        { workbook: ['name', 'project'] },
      ),
    },
    {
      id: 'validate-workbook-and-upload',
      name: 'Validate Workbook and Upload',
      description:
        'Checks a .twb file and, when it is valid, keeps it in an upload session: the answer lists errors and warnings, and the uploadId to publish with.',
      method: 'POST',
      path: '/sites/{site-id}/workbooks/validateWorkbookAndUpload',
      minVersion: '3.28',
      docUrl:
        'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_workbooks_and_views.htm#validate_workbook_and_upload',
      sourceNote:
        'Method, path, the tableau_workbook part and the JSON answer (timestamp, uploadId, errors, warnings with line and column) from Tableau’s own MCP server (tableau-mcp, workbooksMethods.validateWorkbookAndUpload, which links this anchor); the minimum version was not read on the reference page.',
      body: {
        format: 'multipart',
        note: 'multipart/mixed with one tableau_workbook part: the .twb file (XML). No request_payload. Ask for Accept: application/json.',
      },
    },
    {
      id: 'publish-data-source',
      name: 'Publish Data Source',
      description:
        'Publishes a .tds, .tdsx, .tde or .hyper file; overwrite and append exclude each other.',
      method: 'POST',
      path: '/sites/{site-id}/datasources',
      minVersion: '2.0',
      query: [
        queryParam('datasourceType', 'string', 'File type, needed with uploadSessionId.', {
          allowed: ['hyper', 'tds', 'tdsx', 'tde'],
        }),
        overwrite,
        queryParam('append', 'boolean', 'Append to an existing extract data source.'),
        asJob,
        uploadSession,
      ],
      body: multipartBody(
        'datasource',
        { datasource: { name: 'Sales', project: { id: exampleLuid } } },
        'multipart/mixed: request_payload, then a tableau_datasource part with the file (omit it when uploadSessionId is given).',
        { datasource: ['name', 'project'] },
      ),
    },
    {
      id: 'publish-flow',
      name: 'Publish Flow',
      description: 'Publishes a Prep flow (.tfl or .tflx).',
      method: 'POST',
      path: '/sites/{site-id}/flows',
      minVersion: '3.3',
      query: [
        queryParam('flowType', 'string', 'File type, needed with uploadSessionId.', {
          allowed: ['tfl', 'tflx'],
        }),
        overwrite,
        uploadSession,
      ],
      body: multipartBody(
        'flow',
        { flow: { name: 'Clean orders', project: { id: exampleLuid } } },
        'multipart/mixed: request_payload, then a tableau_flow part with the file (omit it when uploadSessionId is given).',
        { flow: ['name', 'project'] },
      ),
    },
  ],
);
