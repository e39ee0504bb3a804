import { authenticationPresets } from './families/authentication';
import { dataSourcePresets } from './families/data-sources';
import { flowPresets } from './families/flows';
import { permissionPresets } from './families/permissions';
import { projectPresets } from './families/projects';
import { serverPresets } from './families/server';
import { sitePresets } from './families/sites';
import { usersAndGroupsPresets } from './families/users-and-groups';
import { workbooksAndViewsPresets } from './families/workbooks-and-views';
import type { Preset } from './types';

/** Every preset, in the order of `families`. */
export const allPresets: readonly Preset[] = [
  ...authenticationPresets,
  ...serverPresets,
  ...sitePresets,
  ...projectPresets,
  ...usersAndGroupsPresets,
  ...workbooksAndViewsPresets,
  ...dataSourcePresets,
  ...flowPresets,
  ...permissionPresets,
];
