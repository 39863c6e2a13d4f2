/// <reference lib="dom" />
// The bench page for the PouchDB side, built by Vite (pouchdb-browser from node_modules, no CDN) and
// served by the PouchDB server from its own origin. PouchDB here uses its IndexedDB adapter.
import PouchDB from 'pouchdb-browser';

async function fresh(name: string): Promise<BenchPouchDatabase> {
  await new PouchDB(name).destroy();
  const db = new PouchDB(name);
  await db.info();
  return db;
}

/** A fresh device replicates every document from the server. `keep`: leave it for the no-op sync. */
async function pull(remote: string, name: string, batchSize: number, keep: boolean): Promise<{ ms: number; docs: number }> {
  const db = await fresh(name);
  const t0 = performance.now();
  await db.replicate.from(remote, { batch_size: batchSize });
  const ms = performance.now() - t0;
  const docs = (await db.info()).doc_count;
  if (keep) await db.close();
  else await db.destroy();
  return { ms, docs };
}

/** A one-shot two-way sync with nothing new on either side, on an already replicated database. */
async function noop(remote: string, name: string, runs: number): Promise<number[]> {
  const db = new PouchDB(name);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await db.sync(remote);
    times.push(performance.now() - t0);
    if (r.pull?.docs_written || r.push?.docs_written) throw new Error('no-op sync moved data');
  }
  await db.close();
  return times;
}

const bench = { pull, noop };
export type PouchBench = typeof bench;
(globalThis as unknown as { pouchBench: PouchBench }).pouchBench = bench;
document.body.dataset.ready = 'pouch';
