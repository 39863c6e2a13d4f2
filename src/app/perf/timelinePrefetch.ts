// A tap on a pupil in the list starts reading the pupil's timeline at once, while the router and
// Ionic build the pupil page (~30–60 ms on a phone), so that the page's first render has it and
// Ionic's transition fades in a complete page instead of "Laden…". One pupil at a time,
// taken only for a short while: the page's own live query replaces it at once. Decrypted records,
// so dropped with the data key like the in-memory pupils (afterUnlock.ts).
import type { SchoolnabijDB } from '../db/db';
import { pupilTimeline, type TimelineItem } from '../db/queries';

/** Older than this, a prefetched timeline is not used (the tap was not followed by the page). */
const FRESH_MS = 2000;

let pending: { pupilId: string; at: number; read: Promise<TimelineItem[] | undefined>; items?: TimelineItem[] } | null = null;

/** Start reading the (not archived) timeline of the pupil the user just tapped. */
export function prefetchTimeline(db: SchoolnabijDB, pupilId: string): void {
  const entry: NonNullable<typeof pending> = {
    pupilId,
    at: Date.now(),
    read: pupilTimeline(db, pupilId).then(
      (items) => {
        if (pending !== entry) return undefined;
        entry.items = items;
        return items;
      },
      () => undefined,
    ),
  };
  pending = entry;
}

/** The prefetched timeline of this pupil if it is read and fresh; undefined otherwise. */
export function prefetchedTimeline(pupilId: string): TimelineItem[] | undefined {
  const p = pending;
  return p && p.pupilId === pupilId && p.items && Date.now() - p.at <= FRESH_MS ? p.items : undefined;
}

/**
 * The prefetched timeline of this pupil when it is read, if a read is under way (the page mounted
 * before it was done): the page shows it before its own read, started later, is done.
 */
export function prefetchingTimeline(pupilId: string): Promise<TimelineItem[] | undefined> | undefined {
  const p = pending;
  return p && p.pupilId === pupilId && !p.items && Date.now() - p.at <= FRESH_MS ? p.read : undefined;
}

/** Drop it (the page has its own read now, or the app locked). */
export function forgetPrefetchedTimeline(): void {
  pending = null;
}
