// Runs the retention job on a timer in every copy of the service; the job's advisory lock makes sure
// only one copy works at a time (the others skip that round).
import type { Db } from '../store/db';
import { runRetention } from './run';

export const RETENTION_INTERVAL_MS = 6 * 60 * 60 * 1000;

export function scheduleRetention(db: Db, log: (message: string) => void, intervalMs = RETENTION_INTERVAL_MS): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runRetention(db);
      if (r.purged > 0) log(`Bewaartermijnen: ${r.purged} records verwijderd.`);
    } catch (e) {
      log(
        `Bewaartermijnen: de taak mislukte (${e instanceof Error ? e.message : String(e)}); volgende poging over ${Math.round(intervalMs / 3_600_000)} uur.`,
      );
    } finally {
      running = false;
    }
  };
  // The first run shortly after the start, not during it.
  const first = setTimeout(() => void tick(), 60_000);
  const timer = setInterval(() => void tick(), intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
