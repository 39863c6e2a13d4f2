-- A key per device that wraps the device's data key, so a user who forgot their PIN gets
-- their (encrypted) data back by logging in online. 32 random bytes, base64; made on the first ask
-- (POST /api/devices/current/key). Useless without the device's IndexedDB, and the device's
-- IndexedDB is useless without it or the PIN. A revoked device never gets it again (authenticate).
ALTER TABLE devices ADD COLUMN wrap_key text;
