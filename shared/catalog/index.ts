/**
 * Trestle's endpoint catalog: every Tableau REST API method as plain data (see `types.ts`).
 * Facts come from Tableau's REST API reference, its Python client (TSC), its Postman
 * collection and the 3.29 XSD; see the family files for what each one rests on.
 */
import { families } from './families';
import { allPresets } from './presets';
import { rankPresets } from './search';
import type { Preset } from './types';
import { compareApiVersions } from './versions';

export type {
  Availability,
  ConnectionAction,
  Family,
  FamilyInfo,
  HttpMethod,
  JsonSchema,
  PathParamSource,
  Preset,
  PresetBody,
  PresetPathParam,
  PresetQueryParam,
} from './types';
export { families };
export { compareApiVersions, isApiVersion } from './versions';

export const catalog: readonly Preset[] = allPresets;

const byId = new Map(catalog.map((preset) => [preset.id, preset]));

export function findPreset(id: string): Preset | undefined {
  return byId.get(id);
}

/** Presets matching every word of `query` in name, family, path or id, best first. */
export function searchCatalog(query: string): Preset[] {
  return rankPresets(catalog, query);
}

/** True when a session on `apiVersion` can call the preset (new enough, not yet removed). */
export function presetAvailableIn(preset: Preset, apiVersion: string): boolean {
  if (compareApiVersions(apiVersion, preset.minVersion) < 0) return false;
  return !preset.removedIn || compareApiVersions(apiVersion, preset.removedIn) < 0;
}
