import type { VariableLayer } from '../../shared/variables';

/**
 * The layers the body editor's hover reads `{{names}}` from: the active tab's. Kept apart from
 * the Monaco code, which loads later, so the app can set it before Monaco exists.
 */
let source: () => readonly VariableLayer[] = () => [];

export function setHoverLayers(next: () => readonly VariableLayer[]): void {
  source = next;
}

export function hoverLayers(): readonly VariableLayer[] {
  return source();
}
