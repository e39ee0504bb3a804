import { lazy, Suspense, type ComponentProps } from 'react';
import { loadMonaco } from './lazy-editors';

/** The GraphQL editor, loaded with Monaco on first use (as the body editor is). */
const LazyGraphqlEditor = lazy(() =>
  loadMonaco()
    .then(() => import('./GraphqlEditor'))
    .then((m) => ({ default: m.GraphqlEditor })),
);

export function GraphqlEditor(props: ComponentProps<typeof LazyGraphqlEditor>) {
  return (
    <Suspense fallback={<p className="empty">Loading the editor…</p>}>
      <LazyGraphqlEditor {...props} />
    </Suspense>
  );
}
