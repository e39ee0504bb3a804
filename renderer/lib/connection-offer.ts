/**
 * "Offered as a new connection" (issue 16): an import or a pasted curl command aimed at another
 * server asks the Connections panel to open its Add dialog with that server filled in. Nothing
 * is saved until the user saves it there.
 */
export interface ConnectionOffer {
  serverUrl: string;
  siteContentUrl?: string;
}

const EVENT = 'trestle:offer-connection';

export function offerConnection(offer: ConnectionOffer): void {
  window.dispatchEvent(new CustomEvent<ConnectionOffer>(EVENT, { detail: offer }));
}

/** Subscribes to offers; returns the unsubscribe function. */
export function onConnectionOffer(listener: (offer: ConnectionOffer) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<ConnectionOffer>).detail);
  window.addEventListener(EVENT, handler);
  return () => window.removeEventListener(EVENT, handler);
}
