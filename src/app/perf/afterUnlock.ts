// Work that needs the data key and is done once per unlock, not per screen.
import type { SchoolnabijDB } from '../db/db';
import { rebuildDerivedIndexes } from './derived';
import { currentDataKey } from '../db/encryption';
import { lockState, onLockState, type LockState } from '../auth/pin';
import { forgetPupilsInMemory, warmPupilsWhenIdle } from './pupilsInMemory';
import { forgetPrefetchedTimeline } from './timelinePrefetch';

/**
 * After an unlock: give rows from before schema v5 their derived index fields (a no-op when they have
 * them), then fill the in-memory pupils for the search when the app is idle. Without the key (locked,
 * logged out): drop the decrypted pupils (pupilsInMemory PM3).
 */
type Ric = (cb: () => void, o?: { timeout: number }) => number;

function whenIdle(go: () => void): void {
  const idle = (globalThis as { requestIdleCallback?: Ric }).requestIdleCallback;
  if (idle) idle(go, { timeout: 2000 });
  else setTimeout(go, 200);
}

export function watchUnlock(db: SchoolnabijDB): () => void {
  let doneFor: CryptoKey | null = null;
  const check = (state: LockState) => {
    const key = currentDataKey();
    if (!key || state === 'locked' || state === 'needsLogin') {
      doneFor = null;
      forgetPupilsInMemory();
      forgetPrefetchedTimeline();
      return;
    }
    if (state !== 'open' || key === doneFor) return;
    doneFor = key;
    // Its check counts every row of four tables: after the first screen has read what it shows.
    whenIdle(
      () =>
        void rebuildDerivedIndexes(db)
          .catch((e: unknown) => console.warn('rebuildDerivedIndexes', e))
          .then(() => warmPupilsWhenIdle(db)),
    );
  };
  const stop = onLockState(check);
  // The tabs app (which calls this) loads after the unlock it is about: look at the state now too.
  check(lockState());
  return stop;
}
