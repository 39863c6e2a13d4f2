import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { db } from '../../db/db';
import { countFollowUpsDue, followUpsDue, meldcodeRemindersDue, recordsWithConflicts, thuiszittersToday } from '../../db/queries';
import { openRequests } from '../../db/requests';
import { useRecordSubjects } from '../../components/useRecordSubjects';

/** Follow-ups shown at first and added per "Toon meer": only these are read and decrypted. */
const DUE_PAGE = 20;

/**
 * What Vandaag shows, read live from IndexedDB. The reads live together because one of them waits
 * for the others: counting the follow-ups holds up every other read of IndexedDB for as long as it
 * takes (up to a second on 50,000 records), so it is asked only once the sections are read.
 */
export function useTodayReads(today: string) {
  const requests = useLiveQuery(() => openRequests(db), []);
  const [dueShown, setDueShown] = useState(DUE_PAGE);
  // One more than shown: whether "Toon meer" is needed, without waiting for the count.
  const dueRead = useLiveQuery(() => followUpsDue(db, today, dueShown + 1), [today, dueShown]);
  const due = dueRead?.slice(0, dueShown);
  const moreDue = dueRead !== undefined && dueRead.length > dueShown;
  const subjectOf = useRecordSubjects(due);
  const meldcodes = useLiveQuery(() => meldcodeRemindersDue(db, today), [today]);
  const thuiszitters = useLiveQuery(() => thuiszittersToday(db, today), [today]);
  const conflicts = useLiveQuery(() => recordsWithConflicts(db), []);
  const waiting = useLiveQuery(() => db.outbox.count(), []);
  const schools = useLiveQuery(() => db.schools.toArray(), []);
  const sectionsRead = [requests, due, meldcodes, thuiszitters, conflicts, waiting, schools].every((x) => x !== undefined);
  const dueTotal = useLiveQuery(() => (sectionsRead ? countFollowUpsDue(db, today) : undefined), [sectionsRead, today]);
  return {
    requests,
    due,
    moreDue,
    dueTotal,
    showMoreDue: () => setDueShown((n) => n + DUE_PAGE),
    subjectOf,
    meldcodes,
    thuiszitters,
    conflicts,
    waiting,
    schools,
  };
}
