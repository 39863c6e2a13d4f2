import type { Mutation, MutationResult, PullResponse, PushResponse } from '../../src/sync/protocol';
import type { SyncError } from '../../src/app/sync/types';
import { type SyncStore, type SyncTransport } from '../../src/app/sync/types';

/** The engine's storage in memory: an ordered outbox, the pulled records by id, a cursor. */
export class MemorySyncStore implements SyncStore {
  outbox: Mutation[] = [];
  rejected = new Map<string, string>();
  records = new Map<string, Record<string, unknown>>();
  private cur = '0';
  private scope: string | null = null;

  async pendingBatch(limit: number): Promise<Mutation[]> {
    return this.outbox.filter((m) => !this.rejected.has(m.id)).slice(0, limit);
  }
  async acknowledge(results: MutationResult[]): Promise<void> {
    for (const r of results) {
      if (r.status === 'rejected') this.rejected.set(r.mutationId, r.reason ?? '');
      else this.outbox = this.outbox.filter((m) => m.id !== r.mutationId);
    }
  }
  async cursor(): Promise<string> {
    return this.cur;
  }
  async applyPage(page: PullResponse): Promise<void> {
    for (const c of page.changes) this.records.set(String(c.record.id), c.record);
    this.cur = page.cursor;
    if (page.scopeKey !== undefined) this.scope = page.scopeKey;
  }
  async scopeKey(): Promise<string | null> {
    return this.scope;
  }
  async resetScope(scopeKey: string): Promise<number> {
    const n = this.records.size;
    this.records.clear();
    this.cur = '0';
    this.scope = scopeKey;
    return n;
  }
}

/**
 * A service in memory that applies every pushed mutation (once per id) and serves the applied
 * records as pull changes. `failWith` makes the next calls fail, as the HTTP transport would.
 */
export class MemoryTransport implements SyncTransport {
  pushes = 0;
  pulls = 0;
  failWith: SyncError | null = null;
  /** Resolves a call only when released: lets a test hold a sync mid-run. */
  gate: Promise<void> | null = null;
  private log: { seq: number; record: Record<string, unknown> }[] = [];
  private applied = new Set<string>();

  async push(mutations: Mutation[]): Promise<PushResponse> {
    this.pushes++;
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    return {
      results: mutations.map((m) => {
        if (this.applied.has(m.id)) return { mutationId: m.id, status: 'duplicate' as const };
        this.applied.add(m.id);
        this.log.push({ seq: this.log.length + 1, record: { id: m.recordId, ...m.changes } });
        return { mutationId: m.id, status: 'applied' as const, version: this.log.length };
      }),
    };
  }

  async pull(cursor: string, limit: number): Promise<PullResponse> {
    this.pulls++;
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    const after = this.log.filter((c) => c.seq > Number(cursor));
    const page = after.slice(0, limit);
    return {
      changes: page.map((c) => ({ seq: c.seq, entity: 'signal' as const, record: c.record, conflicts: [] })),
      cursor: String(page.at(-1)?.seq ?? cursor),
      hasMore: after.length > page.length,
      remaining: after.length,
    };
  }
}
