import type { TimelineItem } from '../db/queries';
import { db } from '../db/db';
import { updateRecord } from '../db/records';
import { entityLabels } from '../i18n/nl';
import { currentUserId } from '../auth/session';
import { offerUndo } from './UndoNotice';

/** Where Vandaag shows its undo offers (UndoNotice). */
export const TODAY_PATH = '/vandaag';

/**
 * "Opgevolgd" on a follow-up of Vandaag: stores the day on the record (it syncs, so a colleague's
 * Vandaag drops it too) and the follow-up leaves the list. Undo puts back what was there.
 */
export function FollowedUpButton({ item, today }: { item: TimelineItem; today: string }) {
  const what = entityLabels[item.kind];
  async function done() {
    const before = item.record.followedUpOn ?? null;
    const ctx = { userId: currentUserId() };
    await updateRecord(db, item.kind, item.record.id, { followedUpOn: today }, ctx);
    offerUndo({
      message: `${what} opgevolgd`,
      path: TODAY_PATH,
      undo: () => updateRecord(db, item.kind, item.record.id, { followedUpOn: before }, ctx),
    });
  }
  return (
    <button type="button" className="secondary-button follow-up-done" onClick={() => void done()}>
      Opgevolgd<span className="visually-hidden"> ({what.toLowerCase()})</span>
    </button>
  );
}
