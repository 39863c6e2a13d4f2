// Real IndexedDB semantics in Node: fake-indexeddb implements the spec, Dexie runs on it unchanged.
import 'fake-indexeddb/auto';

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
