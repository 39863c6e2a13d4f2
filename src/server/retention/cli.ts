// npm run retention: runs the retention job once against DATABASE_URL or the PGlite in DATA_DIR
// (stop the service first when it uses PGlite: one process per data directory).
import { resolve } from 'node:path';
import { openPg, openPglite } from '../store/db';
import { migrate } from '../store/migrate';
import { runRetention } from './run';

const env = process.env;
const db = env.DATABASE_URL ? openPg({ connectionString: env.DATABASE_URL }) : await openPglite(resolve(env.DATA_DIR ?? 'data'));
try {
  await migrate(db);
  const result = await runRetention(db);
  if (result.skipped) console.log('Bewaartermijnen: een andere kopie van de dienst is al bezig; niets gedaan.');
  else {
    const parts = Object.entries(result.byEntity).map(([entity, n]) => `${entity} ${n}`);
    console.log(`Bewaartermijnen: ${result.purged} records verwijderd${parts.length ? ` (${parts.join(', ')})` : ''}.`);
  }
} finally {
  await db.close();
}
