// Notices: something that arrived for this user and was not opened yet (the IB'er: an answer to a
// consultatievraag). One list of kinds, so another kind (an agreement for school from an MDO) is a
// new entry in `sources`, and the tab badge and the notice list show it without change.
import type { SchoolnabijDB } from './db';

export type NoticeKind = 'answer';

export interface Notice {
  kind: NoticeKind;
  /** The record it is about. */
  id: string;
  /** When it arrived: a newer `at` for the same record is new again. */
  at: string;
  /** "Antwoord op je vraag over Noor · groep 8" */
  text: string;
  path: string;
}

const SEEN_KEY = 'seenNotices';

type Source = (db: SchoolnabijDB) => Promise<Omit<Notice, 'kind'>[]>;

const sources: Record<NoticeKind, Source> = {
  // Only the requests of the user's own school(s) reach the device (readScope), so these are theirs.
  answer: async (db) =>
    (await db.consultationRequests.toArray()).flatMap((r) =>
      !r.deleted && r.answeredAt && (r.status === 'beantwoord' || r.status === 'afgesloten')
        ? [
            {
              id: r.id,
              at: r.answeredAt,
              text: r.anonymous
                ? 'Antwoord op je anonieme vraag'
                : `Antwoord op je vraag over ${[r.pupilInitials, r.pupilGroup].filter(Boolean).join(' · ')}`,
              path: `/vragen/${r.id}`,
            },
          ]
        : [],
    ),
};

async function seen(db: SchoolnabijDB): Promise<Record<string, string>> {
  const v = (await db.meta.get(SEEN_KEY))?.value;
  return v && typeof v === 'object' ? (v as Record<string, string>) : {};
}

/** The notices of these kinds not opened yet, newest first. */
export async function unseenNotices(db: SchoolnabijDB, kinds: readonly NoticeKind[]): Promise<Notice[]> {
  const done = await seen(db);
  const all = await Promise.all(kinds.map(async (kind) => (await sources[kind](db)).map((n) => ({ ...n, kind }))));
  return all
    .flat()
    .filter((n) => (done[`${n.kind}:${n.id}`] ?? '') < n.at)
    .sort((a, b) => b.at.localeCompare(a.at));
}

/** Opened: the notice goes away until something newer arrives for the same record. */
export async function markNoticeSeen(db: SchoolnabijDB, kind: NoticeKind, id: string, at: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const done = await seen(db);
    if ((done[`${kind}:${id}`] ?? '') >= at) return;
    await db.meta.put({ key: SEEN_KEY, value: { ...done, [`${kind}:${id}`]: at } });
  });
}
