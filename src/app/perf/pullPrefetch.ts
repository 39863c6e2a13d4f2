// Pull prefetch: when a page says `hasMore`, the request for the next page (after its cursor, same
// limit) is sent at once, so the server reads and sends it while the device writes this page to
// IndexedDB. The next `pull` with exactly that cursor and limit gets that answer; any other call
// drops it and asks anew. The request is never awaited inside a local transaction (the engine writes
// a page in its own transaction, I6), and a page's changes are never older than the page before it.
// Without it every page is asked for when the engine wants it.
import type { PullResponse } from '../../sync/protocol';

export type FetchPage = (cursor: string, limit: number) => Promise<PullResponse>;

export class PullPrefetch {
  private next: { cursor: string; limit: number; page: Promise<PullResponse> } | null = null;

  constructor(private readonly fetchPage: FetchPage) {}

  pull(cursor: string, limit: number): Promise<PullResponse> {
    const ahead = this.next;
    this.next = null;
    const page = ahead && ahead.cursor === cursor && ahead.limit === limit ? ahead.page : this.fetchPage(cursor, limit);
    return page.then((p) => {
      if (p.hasMore && this.next === null) {
        const next = this.fetchPage(p.cursor, limit);
        // Nobody may ask for it (the run stopped): its failure must not be an unhandled rejection.
        next.catch(() => {});
        this.next = { cursor: p.cursor, limit, page: next };
      }
      return p;
    });
  }
}
