// The cryptography of encryption at rest, on WebCrypto, plus Argon2id (hash-wasm, WebAssembly) for
// the PIN, which WebCrypto does not offer.
//
// - One random AES-GCM-256 data key per device encrypts the sensitive fields of every row.
// - That key is stored only wrapped (AES-KW), by one or more of:
//   - a key derived (HKDF-SHA256) from the WebAuthn PRF output of a passkey on this phone: needs the
//     phone's secure hardware and the user's biometric or screen lock, nothing in storage helps;
//   - a key derived from the user's PIN with Argon2id (ARGON2_PARAMS, a random salt); older devices
//     hold a PBKDF2-SHA256 wrap, opened once and then replaced (pin.ts);
//   - a key the central service keeps per device, so a forgotten PIN is recovered by logging in.
// - The unwrapped key lives in memory (see encryption.ts), never in storage.
// README "Privacy en beveiliging (op het toestel)" has what each path costs an attacker.

/** Only to open a PIN wrap made before Argon2id (pin.ts replaces it at that unlock). */
export const PBKDF2_ITERATIONS = 600_000;

export interface Argon2Params {
  /** Memory in KiB. */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/**
 * Argon2id for the PIN: 64 MiB, 2 passes, 1 lane. Memory-hard, so a GPU gains far less over a phone
 * than with PBKDF2; 2 passes keep a mid-range phone near half a second (README has the sums).
 * Tests pass lower values explicitly, never by default.
 */
export const ARGON2_PARAMS: Readonly<Argon2Params> = { memoryKiB: 64 * 1024, iterations: 2, parallelism: 1 };

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

/** The raw Argon2id output of a PIN (32 bytes): the key-encryption key's material. */
export async function argon2idBytes(pin: string, salt: Bytes, params: Argon2Params = ARGON2_PARAMS): Promise<Bytes> {
  // Loaded on first use: the lock and PIN screens need it, the first route does not.
  const { argon2id } = await import('hash-wasm');
  const out = await argon2id({
    password: pin,
    salt,
    iterations: params.iterations,
    memorySize: params.memoryKiB,
    parallelism: params.parallelism,
    hashLength: 32,
    outputType: 'binary',
  });
  return new Uint8Array(out);
}

/** The key-encryption key of a PIN (Argon2id). */
export async function argon2PinKey(pin: string, salt: Bytes, params: Argon2Params = ARGON2_PARAMS): Promise<CryptoKey> {
  return subtle().importKey('raw', await argon2idBytes(pin, salt, params), { name: 'AES-KW' }, false, ['wrapKey', 'unwrapKey']);
}

const PRF_INFO = new TextEncoder().encode('schoolnabij: data key wrap from passkey PRF v1');

/**
 * The key-encryption key of a passkey: HKDF-SHA256 over the WebAuthn PRF output (the
 * authenticator's hmac-secret of `salt`), with `salt` as HKDF salt too.
 */
export async function prfWrapKey(prfOutput: BufferSource, salt: Bytes): Promise<CryptoKey> {
  const material = await subtle().importKey('raw', prfOutput, 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: PRF_INFO }, material, { name: 'AES-KW', length: 256 }, false, [
    'wrapKey',
    'unwrapKey',
  ]);
}

/** The key-encryption key of a PIN wrapped before Argon2id (PBKDF2-SHA256). */
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
  const ct = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(context) }, key, plain));
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
