import { lazy, Suspense, type ComponentProps } from 'react';

/**
 * Monaco is most of the renderer's code; loading it on first use (and in idle time after the
 * first paint) lets the workbench show before Monaco is parsed.
 */
type MonacoModule = typeof import('./monaco-setup');
let loaded: MonacoModule | null = null;
let loading: Promise<MonacoModule> | null = null;

export function loadMonaco(): Promise<MonacoModule> {
  loading ??= import('./monaco-setup').then((module) => (loaded = module));
  return loading;
}

/** Runs `fn` with Monaco only if it is already loaded (nothing to update otherwise). */
export function withLoadedMonaco(fn: (module: MonacoModule) => void): void {
  if (loaded) fn(loaded);
}

/** Starts loading Monaco once the browser is idle after start-up. */
export function preloadMonacoWhenIdle(): void {
  const start = () => void loadMonaco();
  if ('requestIdleCallback' in window) window.requestIdleCallback(start, { timeout: 3000 });
  else setTimeout(start, 500);
}

const LazyBodyEditor = lazy(() =>
  loadMonaco()
    .then(() => import('./BodyEditor'))
    .then((m) => ({ default: m.BodyEditor })),
);
const LazyCodeView = lazy(() =>
  loadMonaco()
    .then(() => import('./CodeView'))
    .then((m) => ({ default: m.CodeView })),
);

const fallback = <p className="empty">Loading the editor…</p>;

export function BodyEditor(props: ComponentProps<typeof LazyBodyEditor>) {
  return (
    <Suspense fallback={fallback}>
      <LazyBodyEditor {...props} />
    </Suspense>
  );
}

export function CodeView(props: ComponentProps<typeof LazyCodeView>) {
  return (
    <Suspense fallback={fallback}>
      <LazyCodeView {...props} />
    </Suspense>
  );
}

/** Frees a closed tab's body model, if the editor was ever loaded. */
export function disposeBodyModel(tabId: string): void {
  withLoadedMonaco(() => void import('./BodyEditor').then((m) => m.disposeBodyModel(tabId)));
}
