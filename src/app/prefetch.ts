// Screens are lazy chunks (App.tsx); the first opening of one waits for its code. The screen a user
// most likely opens next is fetched and parsed ahead, when the page is idle (issue 7).
import { useEffect } from 'react';

type Ric = (cb: () => void, o?: { timeout: number }) => number;

/** Load a screen's chunk once the page is idle; the same import() as the route's, so one chunk. */
export function usePrefetch(load: () => Promise<unknown>): void {
  useEffect(() => {
    const idle = (globalThis as { requestIdleCallback?: Ric }).requestIdleCallback;
    const go = () => void load().catch(() => undefined);
    const handle = idle ? idle(go, { timeout: 3000 }) : setTimeout(go, 1000);
    return () => {
      const cancel = (globalThis as { cancelIdleCallback?: (h: number) => void }).cancelIdleCallback;
      if (idle && cancel) cancel(handle as number);
      else clearTimeout(handle);
    };
    // The loader is a constant import() per call site.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
