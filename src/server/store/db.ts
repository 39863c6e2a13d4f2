// The store behind a small interface, so the same SQL runs on PostgreSQL (`pg`) and on embedded
// PGlite, and tests can use an in-memory PGlite. Parameterised SQL only: never build SQL from input.
import { PGlite, parse as pgliteParse, protocol } from '@electric-sql/pglite';
import pg from 'pg';

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: R[] }>;
  /** Several statements without parameters: only for migrations, whose SQL is our own files. */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pg' | 'pglite';
  /** Runs `fn` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// int8 (bigint) arrives as a string from `pg` so big values stay exact. Our seqs and counts stay
// far below 2^53, so we read them as numbers on both drivers.
pg.types.setTypeParser(20, (v) => Number(v));

export interface PgOptions {
  connectionString: string;
  /** Schema to use (search_path): lets test files share one database without colliding. */
  schema?: string;
  max?: number;
}

export function openPg(options: PgOptions): Db {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${quoteIdent(options.schema)}` } : {}),
  });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // Named statements: each connection parses and plans a statement once and then only binds and
  // executes it. Our SQL texts are a bounded set (parameters, never values, vary), but a cap keeps a
  // text built from something unforeseen from filling every connection's memory.
  const names = new Map<string, string>();
  let generation = 0;
  // `exec` is for migrations: a statement prepared before a table changed may no longer fit it
  // ("cached plan must not change result type"), so later statements get new names.
  const forget = () => {
    names.clear();
    generation++;
  };
  const query = async <R>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_PREPARED_PG) names.set(sql, (name = `s${generation}_${names.size + 1}`));
    const res = await client.query({ text: sql, values: params as unknown[] | undefined, ...(name ? { name } : {}) });
    return { rows: res.rows as R[] };
  };
  return {
    kind: 'pg',
    query: (sql, params) => query(pool, sql, params),
    exec: async (sql) => {
      await pool.query(sql);
      forget();
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: (sql, params) => query(client, sql, params),
          exec: async (sql) => {
            await client.query(sql);
            forget();
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Embedded PGlite: `dataDir` on disk, or in memory when undefined (tests). One process per dir. */
export async function openPglite(dataDir?: string): Promise<Db> {
  const db = dataDir ? new PGlite(dataDir) : new PGlite();
  await db.waitReady;
  return wrapPglite(db);
}

/** Statements a PostgreSQL pool names (per connection), and PGlite keeps prepared. */
const MAX_PREPARED_PG = 1000;
const MAX_PREPARED_PGLITE = 256;

interface Prepared {
  name: string;
  paramTypes: number[];
  /** The statement's columns (none for a write without RETURNING): fixed, so described once. */
  rowDescription: unknown;
}

/**
 * PGlite through its wire protocol, with prepared statements. Its own `query()` parses, describes,
 * binds and executes every statement in six calls into the database and plans it anew each time;
 * here a statement is parsed and described once, and each run is one call (bind, execute, sync),
 * with the plan PostgreSQL keeps for a prepared statement. PGlite is one connection: a transaction
 * holds this wrapper's lock, and every other statement waits for it, as PGlite's own mutex did.
 */
export function wrapPglite(db: PGlite): Db {
  const { serialize } = protocol;
  const statements = new Map<string, Prepared>();
  let counter = 0;
  let inTransaction = false;
  let lock: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = lock.then(fn, fn);
    lock = run.catch(() => {});
    return run;
  };
  // Outside a transaction every statement is its own, and is written through as PGlite does.
  const send = async (parts: Uint8Array[], syncToFs = !inTransaction) => {
    const message = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      message.set(part, offset);
      offset += part.length;
    }
    return (await db.execProtocol(message, { syncToFs })).messages;
  };
  const simple = async (sql: string) => {
    await send([serialize.query(sql)]);
  };

  const prepare = async (sql: string): Promise<Prepared> => {
    const known = statements.get(sql);
    if (known) {
      // Most recently used last: the first entry is the one to let go.
      statements.delete(sql);
      statements.set(sql, known);
      return known;
    }
    const name = `s${++counter}`;
    const messages = await send([serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()], false);
    const prepared: Prepared = {
      name,
      paramTypes: pgliteParse.parseDescribeStatementResults(messages),
      rowDescription: messages.find((m) => m.name === 'rowDescription'),
    };
    statements.set(sql, prepared);
    if (statements.size > MAX_PREPARED_PGLITE) {
      const [oldest, old] = statements.entries().next().value!;
      statements.delete(oldest);
      // Not freed is only memory: never fail the statement at hand for it.
      await send([serialize.close({ type: 'S', name: old.name }), serialize.sync()], false).catch(() => {});
    }
    return prepared;
  };

  const run = async <R>(sql: string, params: readonly unknown[] = []): Promise<{ rows: R[] }> => {
    const { name, paramTypes, rowDescription } = await prepare(sql);
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = db.serializers[paramTypes[i]!];
      return serializer ? serializer(value) : String(value);
    });
    const messages = await send([serialize.bind({ statement: name, values }), serialize.execute({}), serialize.sync()]);
    const [result] = pgliteParse.parseResults((rowDescription ? [rowDescription, ...messages] : messages) as typeof messages, db.parsers);
    return { rows: (result?.rows ?? []) as R[] };
  };

  // `exec` is for migrations: after a change of tables a kept statement may no longer fit them.
  const execAndForget = async (sql: string) => {
    await simple(sql);
    if (statements.size) {
      statements.clear();
      await simple('DEALLOCATE ALL');
    }
  };

  return {
    kind: 'pglite',
    query: (sql, params) => exclusive(() => run(sql, params)),
    exec: (sql) => exclusive(() => execAndForget(sql)),
    transaction: (fn) =>
      exclusive(async () => {
        await simple('BEGIN');
        inTransaction = true;
        try {
          const result = await fn({ query: run, exec: execAndForget });
          inTransaction = false;
          await simple('COMMIT');
          return result;
        } catch (err) {
          inTransaction = false;
          await simple('ROLLBACK').catch(() => {});
          throw err;
        }
      }),
    close: () => exclusive(() => db.close()),
  };
}

export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid identifier: ${name}`);
  return `"${name}"`;
}
