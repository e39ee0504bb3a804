import { findPreset } from '../../shared/catalog';
import type { ResponseSummary, TableauError } from '../../shared/request';
import { explainError, type ErrorContext } from '../../shared/tableau-errors';
import type { RequestTab } from '../state/tab-model';

/** What the tab knows of the request an error answered: its body, its preset, its API version. */
export function errorContextFor(tab: RequestTab, response: ResponseSummary): ErrorContext {
  const preset = tab.presetId ? findPreset(tab.presetId) : undefined;
  const template = preset?.body?.format === 'json' ? preset.body.template : undefined;
  const root =
    template && typeof template === 'object' && !Array.isArray(template)
      ? Object.keys(template)[0]
      : undefined;
  const apiVersion = /\/api\/(\d+\.\d+)\//.exec(response.url)?.[1];
  return {
    bodyKind: tab.spec.body.kind,
    ...(root ? { bodyRoot: root } : {}),
    ...(preset ? { presetName: preset.name, presetMinVersion: preset.minVersion } : {}),
    ...(apiVersion ? { apiVersion } : {}),
  };
}

/** A Tableau error's words fitted to the request it answered (issue 18); other errors as they came. */
export function fittedError(tab: RequestTab, response: ResponseSummary): TableauError | null {
  const error = response.error;
  if (!error || !/^\d{6}$/.test(error.code)) return error;
  return explainError(error, errorContextFor(tab, response));
}
