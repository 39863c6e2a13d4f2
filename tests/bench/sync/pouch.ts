// The PouchDB peer in Node: a CouchDB-compatible HTTP server (express-pouchdb on the memory adapter)
// on loopback, and a PouchDB in memory that replicates the same 10,000 records to it. The server
// also serves the bench page, so the browser's PouchDB replicates from its own origin (no CORS).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import memoryAdapter from 'pouchdb-adapter-memory';
import httpAdapter from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import mapreduce from 'pouchdb-mapreduce';

const NodePouch = PouchDB.plugin(memoryAdapter).plugin(httpAdapter).plugin(replication).plugin(mapreduce);
const MemPouch = NodePouch.defaults({ adapter: 'memory' });

export const POUCH_DB_NAME = 'bench';

export interface PouchServer {
  url: string;
  /** The database URL replicators use: `${url}/db/bench`. */
  dbUrl: string;
  close(): Promise<void>;
}

export async function startPouchServer(staticDir: string): Promise<PouchServer> {
  const app = express();
  // Only what PouchDB's replicator needs (changes, revs_diff, bulk_docs, bulk_get, ...): no config
  // or log files are written, nothing leaves memory.
  app.use('/db', expressPouchDB(MemPouch, { mode: 'minimumForPouchDB' }));
  app.use(express.static(staticDir));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    dbUrl: `${url}/db/${POUCH_DB_NAME}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface PouchPushRun {
  ms: number;
  docsWritten: number;
}

/**
 * A device-side PouchDB (memory) holding the 10,000 documents replicates them to the server. Filling
 * the local database is not timed: like our outbox, the documents are already on the device.
 */
export async function pouchPush(dbUrl: string, docs: Record<string, unknown>[], batchSize: number): Promise<PouchPushRun> {
  const local = new NodePouch(`bench-device-${Date.now()}`, { adapter: 'memory' });
  for (let i = 0; i < docs.length; i += 1000) await local.bulkDocs(docs.slice(i, i + 1000));
  // An explicit HTTP database: given a bare URL, a PouchDB with a default adapter would open an
  // in-process memory database named after the URL and never touch the network.
  const remote = new NodePouch(dbUrl, { adapter: 'http' });
  const t0 = performance.now();
  const result = await local.replicate.to(remote, { batch_size: batchSize });
  const ms = performance.now() - t0;
  await local.destroy();
  await remote.close();
  return { ms, docsWritten: result.docs_written };
}
