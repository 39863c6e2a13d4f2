import {
  PROTOCOL_VERSION,
  pullResponseSchema,
  pushResponseSchema,
  type Mutation,
  type PullResponse,
  type PushResponse,
  type ViewEvent,
  type ViewsResponse,
  viewsResponseSchema,
} from '../../sync/protocol';
import { PullPrefetch } from '../perf/pullPrefetch';
import { SyncError, type SyncTransport } from './types';

/**
 * The sync transport over HTTP: fetch with the access token, failures classified as SyncError.
 * With `prefetch`, pulls go through the pull prefetch (perf/pullPrefetch.ts).
 */
export class HttpTransport implements SyncTransport {
  private pages: PullPrefetch | null = null;

  constructor(
    private readonly token: () => Promise<string>,
    private readonly base = '',
    private readonly prefetch = true,
    /**
     * A new access token now, whatever this device's clock says. The service refuses a token that
     * it finds expired (a phone whose clock runs slow refreshes too late): refresh and try once more.
     */
    private readonly renew?: () => Promise<string>,
  ) {}

  private async request(path: string, init: RequestInit, token?: string): Promise<unknown> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${token ?? (await this.token())}`);
    headers.set('x-protocol-version', String(PROTOCOL_VERSION));
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { ...init, headers, cache: 'no-store' });
    } catch {
      throw new SyncError('offline', 'Geen verbinding met de centrale dienst');
    }
    if (res.ok) return res.json();
    let body: { error?: string; message?: string } = {};
    try {
      body = (await res.json()) as typeof body;
    } catch {
      // not JSON: keep the status
    }
    if (res.status === 401 && body.error === 'token_expired' && this.renew && token === undefined) {
      return this.request(path, init, await this.renew());
    }
    const message = body.message ?? `De centrale dienst antwoordde ${res.status}`;
    if (res.status === 426) throw new SyncError('upgrade', 'Werk de app bij', 426);
    if (res.status === 401 || res.status === 403) {
      throw new SyncError(body.error === 'device_revoked' ? 'revoked' : 'unauthorized', message, res.status);
    }
    if (res.status >= 500 || res.status === 429 || res.status === 408) throw new SyncError('server', message, res.status);
    throw new SyncError('bad_request', message, res.status);
  }

  async push(mutations: Mutation[]): Promise<PushResponse> {
    const body = await this.request('/api/sync/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ protocolVersion: PROTOCOL_VERSION, mutations }),
    });
    const parsed = pushResponseSchema.safeParse(body);
    if (!parsed.success) throw new SyncError('server', 'Onverwacht antwoord van de centrale dienst');
    return parsed.data;
  }

  async postViews(views: ViewEvent[]): Promise<ViewsResponse> {
    const body = await this.request('/api/audit/views', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ views }),
    });
    const parsed = viewsResponseSchema.safeParse(body);
    if (!parsed.success) throw new SyncError('server', 'Onverwacht antwoord van de centrale dienst');
    return parsed.data;
  }

  pull(cursor: string, limit: number): Promise<PullResponse> {
    if (!this.prefetch) return this.fetchPage(cursor, limit);
    this.pages ??= new PullPrefetch((c, l) => this.fetchPage(c, l));
    return this.pages.pull(cursor, limit);
  }

  private async fetchPage(cursor: string, limit: number): Promise<PullResponse> {
    const body = await this.request(`/api/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=${limit}`, { method: 'GET' });
    const parsed = pullResponseSchema.safeParse(body);
    if (!parsed.success) throw new SyncError('server', 'Onverwacht antwoord van de centrale dienst');
    return parsed.data;
  }
}
