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
import { SyncError, type SyncTransport } from './types';

/** The sync transport over HTTP: fetch with the access token, failures classified as SyncError. */
export class HttpTransport implements SyncTransport {
  constructor(
    private readonly token: () => Promise<string>,
    private readonly base = '',
  ) {}

  private async request(path: string, init: RequestInit): Promise<unknown> {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${await this.token()}`);
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

  async pull(cursor: string, limit: number): Promise<PullResponse> {
    const body = await this.request(`/api/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=${limit}`, { method: 'GET' });
    const parsed = pullResponseSchema.safeParse(body);
    if (!parsed.success) throw new SyncError('server', 'Onverwacht antwoord van de centrale dienst');
    return parsed.data;
  }
}
