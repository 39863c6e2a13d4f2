import type { Mutation, MutationResult, PullResponse, PushResponse, ViewEvent, ViewsResponse } from '../../sync/protocol';

/** Where the engine reads the outbox and writes pulled changes. Dexie in the app, memory in tests. */
export interface SyncStore {
  /** The oldest waiting mutations, in the order they were made. */
  pendingBatch(limit: number): Promise<Mutation[]>;
  /** Remove what the server answered for; keep rejected ones with their reason (I5). */
  acknowledge(results: MutationResult[]): Promise<void>;
  cursor(): Promise<string>;
  /** Write a pulled page and its cursor (and its scope key, when it has one) in one transaction (I6). */
  applyPage(page: PullResponse): Promise<void>;
  /** The scope key of the last pull (what the user may read), or null before the first pull. */
  scopeKey(): Promise<string | null>;
  /**
   * What the user may read has changed: in one transaction remove every pulled record that has no
   * waiting or rejected mutation on this device (and the kept conflicts of removed records), set
   * the cursor back to the start and store the new key. Returns how many records were removed.
   */
  resetScope(scopeKey: string): Promise<number>;
}

/** How the engine reaches the central service. HTTP in the app, in-process in tests. */
export interface SyncTransport {
  push(mutations: Mutation[]): Promise<PushResponse>;
  pull(cursor: string, limit: number): Promise<PullResponse>;
  /** Pupil pages opened on the device, for the audit log. Optional: test transports may leave it out. */
  postViews?(views: ViewEvent[]): Promise<ViewsResponse>;
}

export type SyncErrorKind = 'offline' | 'unauthorized' | 'revoked' | 'upgrade' | 'server' | 'bad_request';

/** A failed sync, classified so the UI can say what to do and the scheduler whether to retry. */
export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
  /** Offline and server trouble pass; the others need the user (log in, update the app). */
  get retryable(): boolean {
    return this.kind === 'offline' || this.kind === 'server';
  }
}
