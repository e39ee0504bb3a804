import { jsonBody } from '../bodies';
import { definePresets } from '../define';
import { listQuery, queryParam } from '../query-params';

export const projectPresets = definePresets(
  { family: 'projects', prefix: 'projects', page: 'rest_api_ref_projects.htm' },
  [
    {
      id: 'create-project',
      name: 'Create Project',
      description: 'Creates a project, top-level or nested under parentProjectId.',
      method: 'POST',
      path: '/sites/{site-id}/projects',
      minVersion: '2.0',
      query: [
        queryParam('publishSamples', 'boolean', 'Fill the new project with sample workbooks.'),
      ],
      body: jsonBody(
        'project',
        {
          project: {
            name: 'Finance',
            description: 'Reports for the finance team',
            contentPermissions: 'ManagedByOwner',
          },
        },
        { required: { project: ['name'] } },
      ),
    },
    {
      id: 'query-projects',
      name: 'Query Projects',
      description: 'Lists the projects on the site.',
      method: 'GET',
      path: '/sites/{site-id}/projects',
      query: listQuery,
      paginated: true,
      listPath: 'projects.project',
      minVersion: '2.0',
    },
    {
      id: 'update-project',
      name: 'Update Project',
      description: 'Renames, moves or re-describes a project, or changes its permission locking.',
      method: 'PUT',
      path: '/sites/{site-id}/projects/{project-id}',
      minVersion: '2.0',
      query: [queryParam('publishSamples', 'boolean', 'Add sample workbooks to the project.')],
      body: jsonBody('project', { project: { name: 'Finance', description: 'Updated' } }),
    },
    {
      id: 'delete-project',
      name: 'Delete Project',
      description: 'Deletes a project and everything in it.',
      method: 'DELETE',
      path: '/sites/{site-id}/projects/{project-id}',
      minVersion: '2.0',
    },
  ],
);
