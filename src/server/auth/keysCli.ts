// npm run rotate-token-key: a new access-token signing key (auth/keyRotation.ts). Restart every copy
// within ROTATION_GRACE_SECONDS afterwards; nobody has to log in again.
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { openPg, openPglite } from '../store/db';
import { ROTATION_GRACE_SECONDS, rotateTokenKey } from './keyRotation';

const env = process.env;
const url = env.DATABASE_URL_FILE ? readFileSync(env.DATABASE_URL_FILE, 'utf8').trim() : env.DATABASE_URL;
const db = url ? openPg({ connectionString: url }) : await openPglite(resolve(env.DATA_DIR ?? 'data'));
try {
  await rotateTokenKey(db);
  console.log(`Nieuwe ondertekeningssleutel gezet. Herstart binnen ${ROTATION_GRACE_SECONDS / 60} minuten elke kopie van de dienst.`);
} finally {
  await db.close();
}
