// Notices: something that arrived for this user and was not opened yet (the IB'er: an answer to a
// consultatievraag, an MDO agreement for school; the jeugdprofessional: an MDO agreement for her
// that a colleague or the IB'er wrote down). One list of kinds: the tab badge and the notice list
// show each kind without change.
import type { MdoAgreement } from '../../domain';
import type { SchoolnabijDB } from './db';

export type NoticeKind = 'answer' | 'schoolAgreement' | 'jpAgreement';

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

/** `me`: the signed-in user; what they wrote down themselves is no news to them. */
type Source = (db: SchoolnabijDB, me: string) => Promise<Omit<Notice, 'kind'>[]>;

/**
 * Open MDO agreements for `who` that someone else wrote down. Arrived at `createdAt`: marking one
 * done or editing it does not make it new again. Only the MDO of the user's own schools reaches the
 * device (readScope).
 */
function agreementsFor(who: MdoAgreement['who'], text: string): Source {
  return async (db, me) =>
    (await db.mdoAgreements.toArray()).flatMap((a) =>
      !a.deleted && !a.done && a.who === who && a.createdBy !== me
        ? [{ id: a.id, at: a.createdAt, text: `${text}: ${a.what}`, path: `/mdo/${a.meetingId}` }]
        : [],
    );
}

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
  schoolAgreement: agreementsFor('school', 'Afspraak voor school uit het MDO'),
  jpAgreement: agreementsFor('jeugdprofessional', 'Afspraak voor jou uit het MDO'),
};

async function seen(db: SchoolnabijDB): Promise<Record<string, string>> {
  const v = (await db.meta.get(SEEN_KEY))?.value;
  return v && typeof v === 'object' ? (v as Record<string, string>) : {};
}

/** The notices of these kinds not opened yet, newest first. */
export async function unseenNotices(db: SchoolnabijDB, kinds: readonly NoticeKind[], me: string): Promise<Notice[]> {
  const done = await seen(db);
  const all = await Promise.all(kinds.map(async (kind) => (await sources[kind](db, me)).map((n) => ({ ...n, kind }))));
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

/** Opening a meeting: every notice about its agreements is seen. */
export async function markMeetingNoticesSeen(db: SchoolnabijDB, meetingId: string, me: string): Promise<void> {
  const kinds = ['schoolAgreement', 'jpAgreement'] as const;
  const path = `/mdo/${meetingId}`;
  const open = (await unseenNotices(db, kinds, me)).filter((n) => n.path === path);
  for (const n of open) await markNoticeSeen(db, n.kind, n.id, n.at);
}
