// Just the PouchDB surface the bench uses. Not @types/pouchdb-*: @types/pouchdb-core declares a
// global `interface Buffer` that merges with Node's and breaks the server's type check.

interface BenchPouchResult {
  docs_written: number;
}

interface BenchPouchDatabase {
  bulkDocs(docs: Record<string, unknown>[]): Promise<unknown[]>;
  info(): Promise<{ doc_count: number }>;
  destroy(): Promise<void>;
  close(): Promise<void>;
  replicate: {
    to(target: string | BenchPouchDatabase, options?: { batch_size?: number }): Promise<BenchPouchResult>;
    from(source: string | BenchPouchDatabase, options?: { batch_size?: number }): Promise<BenchPouchResult>;
  };
  sync(remote: string | BenchPouchDatabase): Promise<{ push?: BenchPouchResult; pull?: BenchPouchResult }>;
}

interface BenchPouchStatic {
  new (name: string, options?: { adapter?: string }): BenchPouchDatabase;
  plugin(plugin: unknown): BenchPouchStatic;
  defaults(options: { adapter?: string }): BenchPouchStatic;
}

declare module 'pouchdb-core' {
  const PouchDB: BenchPouchStatic;
  export default PouchDB;
}
declare module 'pouchdb-browser' {
  const PouchDB: BenchPouchStatic;
  export default PouchDB;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-adapter-http' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-replication' {
  const plugin: unknown;
  export default plugin;
}
declare module 'pouchdb-mapreduce' {
  const plugin: unknown;
  export default plugin;
}
declare module 'express-pouchdb' {
  import type { Application } from 'express';
  function expressPouchDB(pouchdb: BenchPouchStatic, options?: { mode?: 'minimumForPouchDB' | 'fullCouchDB' }): Application;
  export default expressPouchDB;
}
