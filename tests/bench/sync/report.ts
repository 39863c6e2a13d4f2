// Turns the bench's measurements into the Markdown table printed and written to test-results/.
// Targets are reported as met or not; the bench itself never fails on time.
import type { PushRun } from './ours';
import type { PullRun } from './page/ours';

export interface Report {
  machine: { cores: number; cpu: string; memGiB: number; node: string; chromium: string; load: [number, number] };
  store: string;
  records: { total: number; pupils: number; signals: number };
  push: PushRun;
  repush: PushRun;
  pullStream: { pages: number; bytes: number; fetchMs: number; parseMs: number };
  pulls: PullRun[];
  floors: number[];
  floorsPerPage: number[];
  /** The encrypted store's floor: the app's sealRow of every row (WebCrypto) + raw bulkPut per page. */
  encFloors: { ms: number; sealMs: number; putMs: number }[];
  prefetches: number[];
  /** The same pull into a database without encryption at rest (the app always has it). */
  plains: number[];
  /** DexieSyncStore.applyPage of the same pages fetched beforehand: the client's part alone. */
  applyOnlys: number[];
  noops: number[];
  emptyPulls: number[];
  /** The no-op's floor: one authenticated GET (/api/settings) on the same service. */
  emptyGets: number[];
  pouch: { push: number; pulls: number[]; noops: number[]; batchPush: number; batchPull: number };
  /** Every push round, ours then PouchDB's, each into a fresh database (the first round is `push`/`pouch.push`). */
  pushRounds: { ours: number[]; pouch: number[]; floor: number[] };
  totalMs: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const ms = (x: number) => (x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US'));
const times = (x: number) => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;
const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');

export function renderReport(r: Report): string {
  const n = r.records.total.toLocaleString('en-US');
  const pull = median(r.pulls.map((p) => p.ms));
  const floor = median(r.floors);
  const floorPages = median(r.floorsPerPage);
  const noop = median(r.noops);
  const pouchPull = median(r.pouch.pulls);
  const pouchNoop = median(r.pouch.noops);
  const transport = median(r.pulls.map((p) => p.transportMs));
  const apply = median(r.pulls.map((p) => p.applyMs));
  const batches = r.push.batchMs;
  // Each round ran ours, the floor and PouchDB back to back: the median of the per-round ratios is
  // steadier on a shared machine than the ratio of two medians.
  const rounds = Math.min(r.pulls.length, r.floors.length);
  const pullVsFloor = median(r.pulls.slice(0, rounds).map((p, i) => p.ms / r.floors[i]!));
  const pullVsPageFloor = median(r.pulls.slice(0, rounds).map((p, i) => p.ms / r.floorsPerPage[i]!));
  const pullVsEncFloor = median(r.pulls.slice(0, Math.min(r.pulls.length, r.encFloors.length)).map((p, i) => p.ms / r.encFloors[i]!.ms));
  const encFloor = median(r.encFloors.map((f) => f.ms));
  const pushVsFloor = median(r.pushRounds.ours.slice(0, r.pushRounds.floor.length).map((x, i) => x / r.pushRounds.floor[i]!));
  const emptyGet = median(r.emptyGets);
  const noopVsGet = noop / emptyGet;
  const pouchVsPull = median(r.pouch.pulls.slice(0, r.pulls.length).map((x, i) => x / r.pulls[i]!.ms));
  const pushOurs = median(r.pushRounds.ours);
  const pushPouch = median(r.pushRounds.pouch);
  const pouchVsPush = median(r.pushRounds.ours.map((x, i) => r.pushRounds.pouch[i]! / x));
  const pushRoundsText = r.pushRounds.ours
    .map((x, i) => `${ms(x)} / ${ms(r.pushRounds.floor[i] ?? NaN)} / ${ms(r.pushRounds.pouch[i]!)}`)
    .join(', ');
  const m = r.machine;

  const rows: [string, string, string, string][] = [
    [
      `push ${n} mutations over HTTP (batches of ${r.pouch.batchPush}), each round into a fresh database (median of ${r.pushRounds.ours.length} / ${r.pushRounds.pouch.length}; ratio: median of per-round ratios)`,
      ms(pushOurs),
      ms(pushPouch),
      times(pouchVsPush),
    ],
    [
      `floor: the rows that push wrote (${n} records, ${n} audit rows) inserted into a fresh store by one statement per table, one transaction, no HTTP (median of ${r.pushRounds.floor.length})`,
      ms(median(r.pushRounds.floor)),
      '—',
      '—',
    ],
    [
      `re-push the same ${n} (applied ${r.repush.counts.applied}, duplicate ${r.repush.counts.duplicate}, rejected ${r.repush.counts.rejected})`,
      ms(r.repush.ms),
      '—',
      '—',
    ],
    [
      `fresh pull of ${n} into IndexedDB in Chromium, encrypted at rest as the app stores them (median of ${r.pulls.length} / ${r.pouch.pulls.length})`,
      ms(pull),
      ms(pouchPull),
      times(pouchPull / pull),
    ],
    [
      `floor of an encrypted store: the same rows sealed with the app's sealRow (AES-GCM, WebCrypto), then a raw Dexie bulkPut per ${r.pouch.batchPull}-row page (median of ${r.encFloors.length})`,
      ms(encFloor),
      '—',
      '—',
    ],
    ['of which: sealing (WebCrypto)', ms(median(r.encFloors.map((f) => f.sealMs))), '—', '—'],
    ['of which: bulkPut of the sealed rows', ms(median(r.encFloors.map((f) => f.putMs))), '—', '—'],
    [`raw Dexie bulkPut of the same rows unencrypted, one transaction (median of ${r.floors.length})`, ms(floor), '—', '—'],
    [
      `raw Dexie bulkPut unencrypted, one transaction per ${r.pouch.batchPull}-row page (median of ${r.floorsPerPage.length})`,
      ms(floorPages),
      '—',
      '—',
    ],
    [
      `the same pull with HttpTransport's prefetch off: next page asked only after this one is written (median of ${r.prefetches.length})`,
      ms(median(r.prefetches)),
      '—',
      '—',
    ],
    [
      `the same pull into a database without encryption at rest (not how the app runs: shows what encryption costs; median of ${r.plains.length})`,
      ms(median(r.plains)),
      '—',
      '—',
    ],
    [
      `our applyPage of the same pages fetched beforehand, encrypted (the device's part alone: no server, no network while it writes; median of ${r.applyOnlys.length})`,
      ms(median(r.applyOnlys)),
      '—',
      '—',
    ],
    [`no-op sync, nothing to push or pull (median of ${r.noops.length})`, ms(noop), ms(pouchNoop), times(pouchNoop / noop)],
    [
      `floor: one authenticated GET /api/settings on the same service, from the same page (median of ${r.emptyGets.length}, taken turn about with the no-op)`,
      ms(emptyGet),
      '—',
      '—',
    ],
  ];
  const targets: [string, string, string, string][] = [
    [
      `pull: ours ÷ the encrypted store's floor (sealing + bulkPut per page; median of per-round ratios)`,
      times(pullVsEncFloor),
      '≤ 1.3×',
      verdict(pullVsEncFloor <= 1.3),
    ],
    ['pull: PouchDB time ÷ ours (median of per-round ratios)', times(pouchVsPull), '≥ 3×', verdict(pouchVsPull >= 3)],
    [
      'push: ours ÷ the write floor (one statement per table, no HTTP; median of per-round ratios)',
      times(pushVsFloor),
      '≤ 2×',
      verdict(pushVsFloor <= 2),
    ],
    ['push: PouchDB time ÷ ours (median of per-round ratios)', times(pouchVsPush), '≥ 3×', verdict(pouchVsPush >= 3)],
    ['no-op sync ÷ one authenticated GET (medians)', times(noopVsGet), '≤ 1.5×', verdict(noopVsGet <= 1.5)],
    [
      `for reference, not a target: pull ÷ unencrypted bulkPut per page; ÷ in one transaction`,
      `${times(pullVsPageFloor)}; ${times(pullVsFloor)}`,
      '—',
      '',
    ],
  ];
  const table = (head: string[], body: string[][]) =>
    [
      `| ${head.join(' | ')} |`,
      `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
      ...body.map((row) => `| ${row.join(' | ')} |`),
    ].join('\n');

  return [
    '# Sync bench: ours vs PouchDB',
    '',
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memGiB.toFixed(0)} GiB, Node ${m.node}, Chromium ${m.chromium}; ` +
      `load average ${m.load[0].toFixed(1)} at start, ${m.load[1].toFixed(1)} at end. ` +
      `${n} records (${r.records.pupils} pupils, ${r.records.signals} signals), one user, one school, all on loopback. ` +
      `Our store: ${r.store}.`,
    '',
    table(['operation', 'ours (ms)', 'PouchDB (ms)', 'ratio (PouchDB ÷ ours)'], rows),
    '',
    '## Targets: ratios to floors measured in this run',
    '',
    table(['target', 'measured', 'goal', ''], targets),
    '',
    '## Where the time goes',
    '',
    `- push rounds, ours / write floor / PouchDB (ms): ${pushRoundsText}.`,
    `- push (first round): ${batches.length} requests, ${(r.push.requestBytes / 2 ** 20).toFixed(1)} MiB of JSON; per batch of ${r.pouch.batchPush}: ` +
      `min ${ms(Math.min(...batches))}, median ${ms(median(batches))}, max ${ms(Math.max(...batches))} ms ` +
      `(${((r.push.ms / r.records.total) * 1000).toFixed(0)} µs per mutation). Re-push: ${((r.repush.ms / r.records.total) * 1000).toFixed(0)} µs per mutation.`,
    `- pull (median): waiting for HttpTransport.pull (HTTP + JSON + zod, less what the prefetch hid) ${ms(transport)} ms, DexieSyncStore.applyPage ${ms(apply)} ms, ` +
      `rest of syncOnce ${ms(Math.max(0, pull - transport - apply))} ms. Stream: ${r.pullStream.pages} pages, ` +
      `${(r.pullStream.bytes / 2 ** 20).toFixed(1)} MiB of JSON (before gzip); fetch + JSON.parse ${ms(r.pullStream.fetchMs)} ms, ` +
      `zod pullResponseSchema ${ms(r.pullStream.parseMs)} ms.`,
    `- no-op: one empty pull request alone takes ${median(r.emptyPulls).toFixed(1)} ms (median); the rest is the outbox read, ` +
      'the cursor read and applyPage of an empty page.',
    `- PouchDB: replication with batch_size ${r.pouch.batchPush} (push) and ${r.pouch.batchPull} (pull), the same batch sizes as ours; ` +
      `express-pouchdb (mode minimumForPouchDB) on pouchdb-adapter-memory; pouchdb-browser on IndexedDB.`,
    '',
    `- push, statement by statement (no HTTP): \`npx tsx tests/bench/sync/profile-push.ts\`.`,
    '',
    ...(Math.max(...m.load) >= m.cores
      ? [
          `**Machine busy** (load average ≥ ${m.cores} cores): other work shared the CPU, so single numbers may be off by 2×; the ratios within a round are steadier.`,
          '',
        ]
      : []),
    `Whole bench: ${(r.totalMs / 1000).toFixed(0)} s. Times are wall clock on a shared machine: compare within one run, not across runs.`,
    '',
  ].join('\n');
}
