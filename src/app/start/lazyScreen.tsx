// Lazy screens that don't wait when their code is already there.
//
// React 19 reveals the content of a Suspense boundary at the earliest 300 ms after its fallback was
// shown (its FALLBACK_THROTTLE_MS). A React.lazy screen suspends at its first mount even when its
// chunk is loaded (import() always answers later), so every first opening of a screen took ≥ 300 ms:
// measured 320–360 ms from the tap on the Leerlingen tab on a device with 17 pupils. A screen made
// here renders its component directly once its chunk is in, and every screen's chunk is loaded (from
// the service worker's precache) one by one when the page is idle, in the order the routes list them.
import { lazy, type ComponentType } from 'react';
import { ChunkBoundary } from '../components/ChunkBoundary';

type Load = () => Promise<{ default: ComponentType }>;
type Ric = (cb: () => void, o?: { timeout: number }) => number;

const screens = new Map<string, ComponentType>();
const queue: (() => Promise<unknown>)[] = [];
let draining = false;

function whenIdle(go: () => void): void {
  const idle = (globalThis as { requestIdleCallback?: Ric }).requestIdleCallback;
  if (idle) idle(go, { timeout: 5000 });
  else setTimeout(go, 500);
}

let first = true;

function drain(): void {
  if (draining) return;
  const next = queue.shift();
  if (!next) return;
  draining = true;
  // The first route (Leerlingen for a jeugdprofessional) is the likeliest next tap: not after idle.
  const when = first ? (go: () => void) => setTimeout(go, 0) : whenIdle;
  first = false;
  when(
    () =>
      void next()
        .catch(() => undefined)
        .finally(() => {
          draining = false;
          drain();
        }),
  );
}

function makeScreen(load: Load): ComponentType {
  let Loaded: ComponentType | null = null;
  let pending: Promise<ComponentType> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (m) => (Loaded = m.default),
      (e: unknown) => {
        pending = null; // offline without the chunk: try again next time
        throw e;
      },
    ));
  const makeLazy = () => lazy(() => preload().then((c) => ({ default: c })));
  let Lazy = makeLazy();
  queue.push(preload);
  drain();
  // A failed fetch: React.lazy keeps its error, so "Opnieuw proberen" makes a new one (preload
  // forgot the failed promise).
  const retry = () => {
    Lazy = makeLazy();
  };
  return function Screen() {
    if (Loaded) return <Loaded />;
    return <ChunkBoundary onRetry={retry}>{() => <Lazy />}</ChunkBoundary>;
  };
}

/**
 * The screen of `load` (one per import: routes that render the same page share it). `load` is keyed
 * by its source text, so an inline `() => import('../pages/X')` in a render gives the same screen.
 */
export function lazyScreen(load: Load): ComponentType {
  const key = load.toString();
  let screen = screens.get(key);
  if (!screen) {
    screen = makeScreen(load);
    screens.set(key, screen);
  }
  return screen;
}
