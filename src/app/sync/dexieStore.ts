import { entitySchemas, type EntityName } from '../../domain';
import type { Mutation, MutationResult, PullResponse } from '../../sync/protocol';
import { tableOf, type ConflictRow, type SchoolnabijDB } from '../db/db';
import { PUPILS_COPY_META } from '../db/encryption';
import { sealAheadFor } from '../perf/encryptAhead';
import type { SyncStore } from './types';

const CURSOR = 'syncCursor';
/** Fingerprint of what the user may read, from the last pull (see `scopeKey` in domain/permissions). */
export const SCOPE_KEY = 'scopeKey';

/** The sync engine's view of the Dexie database. */
export class DexieSyncStore implements SyncStore {
  constructor(private readonly db: SchoolnabijDB) {}

  async pendingBatch(limit: number): Promise<Mutation[]> {
    const rows = await this.db.outbox.orderBy('seq').limit(limit).toArray();
    return rows.map(({ seq: _seq, ...m }) => m);
  }

  async acknowledge(results: MutationResult[]): Promise<void> {
    const now = new Date().toISOString();
    await this.db.transaction('rw', [this.db.outbox, this.db.rejected], async () => {
      for (const r of results) {
        const row = await this.db.outbox.where('id').equals(r.mutationId).first();
        if (!row) continue;
        if (r.status === 'rejected') {
          const { seq: _seq, ...m } = row;
          await this.db.rejected.put({ ...m, reason: r.reason ?? 'Geweigerd door de server', rejectedAt: now });
        }
        await this.db.outbox.delete(row.seq!);
      }
    });
  }

  async cursor(): Promise<string> {
    return ((await this.db.meta.get(CURSOR))?.value as string | undefined) ?? '0';
  }

  /**
   * Write a pulled page and the new cursor in one transaction (I6). A record that still has
   * waiting mutations on this device gets those changes re-applied on top of the server's version,
   * so a pull never hides what the user typed; the mutations keep their base version and the
   * server merges them when they are pushed.
   */
  async applyPage(page: PullResponse): Promise<void> {
    const { db } = this;
    const tables = Object.values(tableOf).map((t) => db[t]);
    // Encrypt the page's rows before the transaction (WebCrypto inside it keeps it open with dummy
    // requests, one round trip each). A row the outbox changes below is encrypted again in the write.
    const toSeal = new Map<string, unknown[]>();
    for (const c of page.changes) {
      if (c.purged) continue;
      const rows = toSeal.get(tableOf[c.entity]);
      if (rows) rows.push(c.record);
      else toSeal.set(tableOf[c.entity], [c.record]);
    }
    await sealAheadFor(db, toSeal);
    await db.transaction('rw', [...tables, db.outbox, db.conflicts, db.meta], async () => {
      // The outbox and the conflict list are small next to a page: read them once, not per row.
      const pending = new Map<string, Mutation[]>();
      for (const m of await db.outbox.orderBy('seq').toArray()) pending.set(m.recordId, [...(pending.get(m.recordId) ?? []), m]);
      const withConflicts = new Set((await db.conflicts.toArray()).map((c) => c.recordId));
      const byEntity = new Map<EntityName, Record<string, unknown>[]>();
      const conflictRows: ConflictRow[] = [];
      const staleConflicts: string[] = [];
      // Records removed on the server after their retention term are deleted here too.
      const purged = new Map<EntityName, string[]>();
      for (const change of page.changes) {
        const id = String(change.record.id);
        if (change.purged) {
          purged.set(change.entity, [...(purged.get(change.entity) ?? []), id]);
          if (withConflicts.has(id)) staleConflicts.push(id);
          continue;
        }
        let record: Record<string, unknown> = change.record;
        const mine = pending.get(id);
        if (mine) {
          record = { ...record };
          for (const m of mine) Object.assign(record, m.changes);
          const parsed = entitySchemas[change.entity].record.safeParse(record);
          if (parsed.success) record = parsed.data as Record<string, unknown>;
        }
        const rows = byEntity.get(change.entity) ?? [];
        rows.push(record);
        byEntity.set(change.entity, rows);
        if (withConflicts.has(id)) staleConflicts.push(id);
        for (const c of change.conflicts) conflictRows.push({ ...c, entity: change.entity, recordId: id });
      }
      if (staleConflicts.length) await db.conflicts.where('recordId').anyOf(staleConflicts).delete();
      if (conflictRows.length) await db.conflicts.bulkPut(conflictRows);
      for (const [entity, rows] of byEntity)
        await (db[tableOf[entity]] as unknown as { bulkPut(r: unknown[]): Promise<unknown> }).bulkPut(rows);
      for (const [entity, ids] of purged)
        await (db[tableOf[entity]] as unknown as { bulkDelete(k: string[]): Promise<unknown> }).bulkDelete(ids);
      // The stored copy of the pupils (pupilsInMemory.ts PM4) goes with a purged pupil, in this
      // transaction: it is written again from the table after the next full read.
      if (purged.has('pupil')) await db.meta.delete(PUPILS_COPY_META);
      await db.meta.put({ key: CURSOR, value: page.cursor });
      if (page.scopeKey !== undefined) await db.meta.put({ key: SCOPE_KEY, value: page.scopeKey });
    });
  }

  async scopeKey(): Promise<string | null> {
    return ((await this.db.meta.get(SCOPE_KEY))?.value as string | undefined) ?? null;
  }

  /**
   * The user's scope changed (a school added or taken away, another role, a team that stopped
   * sharing): forget what was pulled so the next pull from the start brings exactly what the user
   * may read now. A record with a waiting mutation, or one the server refused, is kept: what the user
   * typed never disappears here (the server refuses it if it is now out of scope, and that refusal
   * is shown as usual). One transaction, no network inside it.
   */
  async resetScope(scopeKey: string): Promise<number> {
    const { db } = this;
    const tables = Object.values(tableOf).map((t) => db[t]);
    return db.transaction('rw', [...tables, db.outbox, db.rejected, db.conflicts, db.meta], async () => {
      const keep = new Set<string>();
      await db.outbox.each((m) => keep.add(m.recordId));
      await db.rejected.each((m) => keep.add(m.recordId));
      let removed = 0;
      for (const table of tables) {
        const ids = (await table.toCollection().primaryKeys()) as string[];
        const gone = ids.filter((id) => !keep.has(id));
        if (gone.length) await table.bulkDelete(gone);
        removed += gone.length;
      }
      await db.conflicts.filter((c) => !keep.has(c.recordId)).delete();
      await db.meta.delete(PUPILS_COPY_META); // pupilsInMemory.ts PM4, as with a purge
      await db.meta.put({ key: CURSOR, value: '0' });
      await db.meta.put({ key: SCOPE_KEY, value: scopeKey });
      return removed;
    });
  }
}
