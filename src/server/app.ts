// The central service as an importable Fastify instance. main.ts only reads the
// environment and listens; tests use app.inject without a port.
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import helmet from '@fastify/helmet';
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import type { Db } from './store/db';
import { HttpError } from './errors';
import { loadSecret } from './auth/tokens';
import { loadPreviousKey } from './auth/keyRotation';
import { adminRoutes } from './routes/admin';
import { authRoutes } from './routes/auth';
import { deviceRoutes } from './routes/devices';
import { healthRoutes } from './routes/health';
import { kengetallenRoutes } from './routes/kengetallen';
import { schoolRoutes } from './routes/schools';
import { familyRoutes } from './routes/family';
import { wachtlijstRoutes } from './routes/wachtlijst';
import { settingsRoutes } from './routes/settings';
import { syncRoutes } from './routes/sync';
import { auditRoutes } from './routes/audit';
import { rightsRoutes } from './routes/rights';
import type { LockoutPolicy } from './auth/lockout';
import { NO_CACHE, registerStatic } from './static';
import { loggerOptions, newRequestId, type LogOptions } from './logging';
import { createMetrics, registerMetrics } from './metrics';
import { auditForbidden } from './audit/refusals';

export interface AppOptions {
  db: Db;
  /** The built PWA (dist/). Served when it holds an index.html. */
  staticDir?: string;
  /** Token signing secret; by default the one stored in the database (shared by every copy). */
  secret?: Uint8Array;
  /** Log-in and refresh attempts per IP per minute. */
  authRateLimit?: number;
  /** JSON logs (logging.ts); `true` is the defaults: level info, to stdout. */
  logger?: boolean | LogOptions;
  /** Serve /metrics to this bearer token (metrics.ts); without one there is no /metrics. */
  metricsToken?: string;
  /** Which copy of the service this is: sent as X-Schoolnabij-Copy and on every log line. */
  copyId?: string;
  /** Log-in lockout per account and address; defaults in auth/lockout.ts. */
  lockout?: LockoutPolicy;
  /**
   * Behind a TLS-terminating proxy (TRUST_PROXY=1): take the client address and https from its
   * X-Forwarded-For / X-Forwarded-Proto. Off by default: those headers are then ignored, since anyone
   * can send them. A number trusts that many proxies in front (the client address is the entry the
   * nearest of them added); `true` trusts every hop, so a client could choose its own address.
   */
  trustProxy?: boolean | number;
  /** The time break-the-glass grants start and expire by (routes/context.ts); tests inject one. */
  clock?: () => Date;
}

// zod's own messages (wrong type, unknown key) in Dutch, like the domain schemas' custom ones. This is
// process-wide; the server process only ever answers in Dutch.
z.config(z.locales.nl());

/** 1 MiB: a push of 500 mutations of a few KiB each fits; anything larger is refused with 413. */
export const BODY_LIMIT = 1024 * 1024;

/** Trust the `hops` proxies nearest to the service (hop 0 is the one that connected to it). */
const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const log = options.logger === true ? {} : options.logger || null;
  const app = Fastify({
    logger: log ? loggerOptions({ copyId: options.copyId, ...log }) : false,
    bodyLimit: BODY_LIMIT,
    // Request ids from a load balancer are not trusted; every copy makes its own. Forwarded
    // address and protocol only when configured (TRUST_PROXY=1).
    genReqId: newRequestId,
    trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : (options.trustProxy ?? false),
  });
  const secret = options.secret ?? (await loadSecret(options.db));
  if (!options.secret) await loadPreviousKey(options.db, secret);
  // Log lines are written in batches: the last ones reach the file before the service stops.
  if (log) {
    app.addHook('onClose', async (instance) => {
      // FastifyBaseLogger leaves out pino's flush; the logger is pino (loggerOptions).
      const logger = instance.log as typeof instance.log & { flush?: (cb: (err?: Error) => void) => void };
      await new Promise<void>((done) => (logger.flush ? logger.flush(() => done()) : done()));
    });
  }

  app.setErrorHandler(async (err: FastifyError | HttpError, request, reply) => {
    if (err instanceof HttpError) {
      // NEN 7513: a signed-in user refused a route is an attempt the audit log keeps.
      if (err.statusCode === 403) await auditForbidden(options.db, secret, request, err.code).catch((e: unknown) => request.log.error(e));
      // Refused input is logged by its paths only: the values may be personal data.
      if (err.statusCode === 400) request.log.warn({ error: err.code, paths: err.details?.map((d) => d.path) }, 'input refused');
      return reply.code(err.statusCode).send(err.body());
    }
    const status = err.statusCode ?? 500;
    const send = (code: number, error: string, message: string) => reply.code(code).send({ error, message });
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || status === 413) {
      return send(413, 'payload_too_large', 'Het verzoek is te groot (maximaal 1 MiB). De app stuurt het in kleinere delen.');
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) {
      return send(415, 'unsupported_media_type', 'Stuur de gegevens als JSON (Content-Type: application/json).');
    }
    if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return send(400, 'invalid_json', 'De inhoud is leeg; stuur geldige JSON.');
    if (status === 400 && (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY')) {
      return send(400, 'invalid_json', 'De inhoud is geen geldige JSON.');
    }
    if (status === 429) return send(429, 'too_many_requests', 'Te veel pogingen. Probeer het over een minuut opnieuw.');
    if (status >= 400 && status < 500) return send(status, 'bad_request', err.message);
    // Logged as a field, not as the line's message: pino would copy err.message into msg.
    request.log.error({ err }, 'request failed');
    return send(500, 'internal', 'Er ging iets mis op de server. Probeer het later opnieuw.');
  });

  await app.register(helmet, {
    frameguard: { action: 'deny' },
    // HSTS only over TLS (see the onSend hook below): on plain http it means nothing.
    hsts: false,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // Vite emits only <script type="module" src>: no inline script is needed or allowed.
        // 'wasm-unsafe-eval' lets the app compile its own WebAssembly (Argon2id for the PIN); it
        // allows no eval of JavaScript.
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        // Ionic injects <style> elements and sets style attributes at run time; without
        // 'unsafe-inline' its components render unstyled. Styles cannot run code.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        // ion-icon fetches the data: URLs its SVG icons are imported as.
        connectSrc: ["'self'", 'data:'],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(compress, { threshold: 1024 });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new HttpError(429, 'too_many_requests', 'Te veel pogingen. Probeer het over een minuut opnieuw.'),
  });

  // API answers hold personal data: never stored by a browser, proxy or service worker cache.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    // The id that this request's log lines carry, so a report from a user leads to them.
    reply.header('X-Request-Id', request.id);
    if (options.copyId) reply.header('X-Schoolnabij-Copy', options.copyId);
    // HSTS when the request came over TLS (directly, or via a trusted proxy's X-Forwarded-Proto).
    if (request.protocol === 'https') reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    return payload;
  });

  if (options.metricsToken) registerMetrics(app, createMetrics(), options.metricsToken);

  const ctx = { db: options.db, secret, authRateLimit: options.authRateLimit ?? 30, lockout: options.lockout, clock: options.clock };
  healthRoutes(app, ctx);
  authRoutes(app, ctx);
  deviceRoutes(app, ctx);
  syncRoutes(app, ctx);
  kengetallenRoutes(app, ctx);
  schoolRoutes(app, ctx);
  familyRoutes(app, ctx);
  wachtlijstRoutes(app, ctx);
  settingsRoutes(app, ctx);
  adminRoutes(app, ctx);
  auditRoutes(app, ctx);
  rightsRoutes(app, ctx);

  const serving = options.staticDir ? await registerStatic(app, options.staticDir) : false;
  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url === '/api' || request.url.startsWith('/api/');
    // A missing hashed asset is a real 404: answering it with HTML would poison caches.
    const isAsset = request.url.startsWith('/assets/');
    if (serving && !isApi && !isAsset && (request.method === 'GET' || request.method === 'HEAD')) {
      // SPA fallback: the app's router handles every other path.
      return reply.header('Cache-Control', NO_CACHE).sendFile('index.html');
    }
    return reply.code(404).send({ error: 'not_found', message: `Onbekend adres: ${request.method} ${request.url.split('?')[0]}` });
  });

  return app;
}
