import { MAX_PULL_LIMIT } from '../../sync/protocol';
import { SyncError, type SyncStore, type SyncTransport } from './types';

export interface SyncProgress {
  phase: 'pushing' | 'pulling';
  /** Changes pulled so far in this run, and how many there were when it started. */
  done: number;
  total: number;
}

export interface SyncOutcome {
  pushed: number;
  rejected: number;
  pulled: number;
  /** What the user may read changed during this run: the device pulled again from the start. */
  scopeChanged: boolean;
}

/** A scope that changes again and again within one run is the server's trouble: stop and retry later. */
const MAX_SCOPE_RESETS = 3;

export const PUSH_BATCH = 200;

/**
 * One full sync: push the whole outbox in batches, then pull every page after the cursor.
 * Never holds a local transaction across a network call: each store call is its own transaction.
 */
export async function syncOnce(
  store: SyncStore,
  transport: SyncTransport,
  onProgress: (p: SyncProgress) => void = () => {},
  pullLimit = MAX_PULL_LIMIT,
): Promise<SyncOutcome> {
  const outcome: SyncOutcome = { pushed: 0, rejected: 0, pulled: 0, scopeChanged: false };

  for (;;) {
    const batch = await store.pendingBatch(PUSH_BATCH);
    if (batch.length === 0) break;
    onProgress({ phase: 'pushing', done: outcome.pushed, total: outcome.pushed + batch.length });
    const { results } = await transport.push(batch);
    const answered = new Set(results.map((r) => r.mutationId));
    // A server that answers for none of the batch would make this loop spin: treat it as an error.
    if (!batch.some((m) => answered.has(m.id))) throw new Error('De server gaf geen antwoord op de verstuurde wijzigingen');
    await store.acknowledge(results);
    outcome.pushed += results.filter((r) => r.status !== 'rejected').length;
    outcome.rejected += results.filter((r) => r.status === 'rejected').length;
  }

  let cursor = await store.cursor();
  let scope = await store.scopeKey();
  let resets = 0;
  let total = 0;
  for (;;) {
    const page = await transport.pull(cursor, pullLimit);
    if (page.scopeKey !== undefined && scope !== null && page.scopeKey !== scope) {
      // The user's schools or role changed since the last pull: this page was cut to the new scope
      // but starts after the old cursor. Drop what may no longer be read and pull from the start,
      // which also brings the older records of a newly added school.
      if (++resets > MAX_SCOPE_RESETS) throw new SyncError('server', 'Je toegang verandert steeds; de app probeert het zo opnieuw');
      await store.resetScope(page.scopeKey);
      scope = page.scopeKey;
      cursor = '0';
      total = 0;
      outcome.scopeChanged = true;
      continue;
    }
    // The first pull ever only records the scope it was made in.
    const newScope = page.scopeKey !== undefined && scope === null;
    if (total === 0) total = page.remaining;
    // An empty page that does not move the cursor has nothing to write: skip the read-write
    // transaction (it is half the cost of a no-op sync).
    if (page.changes.length > 0 || page.cursor !== cursor || newScope) await store.applyPage(page);
    if (newScope) scope = page.scopeKey ?? null;
    outcome.pulled += page.changes.length;
    cursor = page.cursor;
    onProgress({ phase: 'pulling', done: outcome.pulled, total: Math.max(total, outcome.pulled) });
    if (!page.hasMore) break;
  }
  return outcome;
}
