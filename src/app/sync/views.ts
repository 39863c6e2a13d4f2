// Uploads the pupil pages opened on this device to the audit log, after a sync. Every view
// the server answered for (recorded, duplicate or refused) is forgotten; the rest waits for the next
// sync. A failure here never fails the sync: the views simply stay until next time.
import { MAX_VIEWS_BATCH, type ViewEvent, type ViewsResponse } from '../../sync/protocol';
import type { SchoolnabijDB } from '../db/db';
import { forgetViews, pendingViews } from '../db/views';

export type SendViews = (views: ViewEvent[]) => Promise<ViewsResponse>;

export async function uploadViews(db: SchoolnabijDB, send: SendViews, batch = MAX_VIEWS_BATCH): Promise<number> {
  let uploaded = 0;
  for (;;) {
    const views = await pendingViews(db, batch);
    if (views.length === 0) return uploaded;
    const { results } = await send(
      views.map(({ id, pupilId, at, kind, itemId }) => ({ id, pupilId, at, ...(kind && itemId ? { kind, itemId } : {}) })),
    );
    const sent = new Set(views.map((v) => v.id));
    const answered = results.map((r) => r.id).filter((id) => sent.has(id));
    // A server that answers for none of them would make this loop spin.
    if (answered.length === 0) return uploaded;
    await forgetViews(db, answered);
    uploaded += answered.length;
  }
}
