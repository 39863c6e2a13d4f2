// Structured JSON logs (Fastify's pino), one line per event, with the request id of every request.
// The service holds data about children: no log line may carry personal data. What is logged of a
// request is its method, its path without the query string (a search or filter can hold a name)
// and its route; of a response its status; of an error its type, code and stack, and its message
// only when it is not a database error (PostgreSQL quotes the offending value in its messages).
// Bodies, headers (tokens), addresses and user names are never logged.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { destination } from 'pino';

export interface LogOptions {
  /** pino level: fatal, error, warn, info (default), debug, trace, silent. */
  level?: string;
  /** Append to this file instead of writing to stdout (the journal under systemd). */
  file?: string;
  /** Which copy of the service this is (COPY_ID), on every line. */
  copyId?: string;
}

interface SerializedError {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
}

/** A database error (pg and PGlite both set `severity`): its message may quote stored values. */
function isDatabaseError(err: Record<string, unknown>): boolean {
  return typeof err.severity === 'string' || typeof err.routine === 'string';
}

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { type: typeof err, message: '', stack: '' };
  const fields = err as Error & Record<string, unknown>;
  const keepMessage = !isDatabaseError(fields);
  // The stack's first line repeats the message: keep only the frames when the message must go.
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return {
    type: err.constructor?.name ?? 'Error',
    code: typeof fields.code === 'string' ? fields.code : undefined,
    statusCode: typeof fields.statusCode === 'number' ? fields.statusCode : undefined,
    message: keepMessage ? err.message : '(databasefout; melding weggelaten)',
    stack: frames.join('\n'),
  };
}

export function loggerOptions(options: LogOptions): NonNullable<FastifyServerOptions['logger']> {
  return {
    level: options.level ?? 'info',
    // A log file is written line by line, synchronously: a line logged is on disk, even when the
    // service is stopped or crashes right after (an asynchronous file stream can lose its tail).
    ...(options.file ? { stream: destination({ dest: options.file, sync: true }) } : {}),
    base: { copy: options.copyId ?? null },
    serializers: {
      req: (req: FastifyRequest) => ({
        method: req.method,
        path: req.url.split('?')[0],
        route: req.routeOptions?.url ?? null,
      }),
      res: (reply: Pick<FastifyReply, 'statusCode'>) => ({ statusCode: reply.statusCode }),
      err: serializeError,
    },
  };
}

/** Every copy makes its own request ids (a client's or proxy's are not trusted), unique across copies. */
export function newRequestId(): string {
  return randomUUID();
}
