import { lazy, Suspense, type ComponentProps } from 'react';

/**
 * The GraphQL panel and graphql-js load with the first GraphQL tab, not at start-up: most
 * sessions are REST only.
 */
const LazyGraphqlPanel = lazy(() =>
  import('./GraphqlPanel').then((m) => ({ default: m.GraphqlPanel })),
);

export function GraphqlPanel(props: ComponentProps<typeof LazyGraphqlPanel>) {
  return (
    <Suspense fallback={<p className="empty">Loading the GraphQL editor…</p>}>
      <LazyGraphqlPanel {...props} />
    </Suspense>
  );
}
