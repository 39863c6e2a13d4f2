// Real IndexedDB semantics in Node: fake-indexeddb implements the spec, Dexie runs on it unchanged.
import 'fake-indexeddb/auto';
import { configure } from '@testing-library/react';

// Ionic asks matchMedia; jsdom has none.
if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}

// findBy… and waitFor wait up to 10 s (default 1 s): on a busy 2-core machine a Dexie read with
// decryption and an Ionic render can take more than a second. A wait bound, not a timing check.
configure({ asyncUtilTimeout: 10_000 });
