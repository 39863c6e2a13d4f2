// The cryptography of encryption at rest (issue 6), on WebCrypto only: no library, nothing to keep up.
//
// - One random AES-GCM-256 data key per device encrypts the sensitive fields of every row.
// - That key is stored only wrapped (AES-KW): once by a key derived from the user's PIN
//   (PBKDF2-SHA256, PBKDF2_ITERATIONS, a random salt) and once by a key the central service keeps per
//   device, so a forgotten PIN is recovered by logging in online.
// - The unwrapped key lives in memory (see encryption.ts), never in storage.

/** OWASP's 2023 advice for PBKDF2-HMAC-SHA256. Tests pass a lower count explicitly, never by default. */
export const PBKDF2_ITERATIONS = 600_000;
const IV_BYTES = 12;

const subtle = () => globalThis.crypto.subtle;

// Uint8Array<ArrayBuffer> (not ArrayBufferLike): what WebCrypto's BufferSource accepts under TS 5.7+.
export type Bytes = Uint8Array<ArrayBuffer>;

export function randomBytes(n: number): Bytes {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function fromBase64(b64: string): Bytes {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** A new data key. Extractable only so it can be wrapped again (a new PIN after recovery). */
export function generateDataKey(): Promise<CryptoKey> {
  return subtle().generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
}

/** The key-encryption key of a PIN. */
export async function pinKey(pin: string, salt: Bytes, iterations = PBKDF2_ITERATIONS): Promise<CryptoKey> {
  const material = await subtle().importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-KW', length: 256 }, false, [
    'wrapKey',
    'unwrapKey',
  ]);
}

/** The key-encryption key the central service keeps for this device (32 random bytes, base64). */
export function deviceKey(base64: string): Promise<CryptoKey> {
  return subtle().importKey('raw', fromBase64(base64), { name: 'AES-KW' }, false, ['wrapKey', 'unwrapKey']);
}

export async function wrapDataKey(dataKey: CryptoKey, kek: CryptoKey): Promise<Bytes> {
  return new Uint8Array(await subtle().wrapKey('raw', dataKey, kek, 'AES-KW'));
}

/** Throws (OperationError: AES-KW's integrity check) when `kek` is not the key it was wrapped with. */
export function unwrapDataKey(wrapped: Bytes, kek: CryptoKey): Promise<CryptoKey> {
  return subtle().unwrapKey('raw', wrapped, kek, 'AES-KW', { name: 'AES-GCM' }, true, ['encrypt', 'decrypt']);
}

/**
 * Encrypt a JSON value: a fresh random IV per call, stored in front of the ciphertext.
 * `context` is bound as additional data, so a ciphertext copied into another table does not decrypt.
 */
export function encryptJson(key: CryptoKey, value: unknown, context: string): Promise<Bytes> {
  return encryptText(key, JSON.stringify(value), context);
}

/** encryptJson of a value already serialised with JSON.stringify. */
export async function encryptText(key: CryptoKey, json: string, context: string): Promise<Bytes> {
  const iv = randomBytes(IV_BYTES);
  const plain = new TextEncoder().encode(json);
  const ct = new Uint8Array(
    await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) }, key, plain),
  );
  const out = new Uint8Array(IV_BYTES + ct.length);
  out.set(iv);
  out.set(ct, IV_BYTES);
  return out;
}

/** Throws (OperationError: the GCM tag) with a wrong key, a changed byte or another context. */
export async function decryptJson(key: CryptoKey, blob: Uint8Array, context: string): Promise<unknown> {
  const bytes = new Uint8Array(blob);
  const plain = await subtle().decrypt(
    { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData: new TextEncoder().encode(context) },
    key,
    bytes.slice(IV_BYTES),
  );
  return JSON.parse(new TextDecoder().decode(plain)) as unknown;
}
