// The WebAuthn side of "Ontgrendelen met vingerafdruk of gezicht": a passkey on this phone whose PRF
// extension (CTAP2 hmac-secret) gives 32 secret bytes for a stored salt. Those bytes never leave the
// authenticator's secure hardware without the user's biometric or screen lock, and pin.ts derives
// the data key's wrap key from them (crypto.ts prfWrapKey). No server takes part: the challenge is
// random and nothing is verified remotely, because the passkey only guards a key on this phone.
import { randomBytes, type Bytes } from '../db/crypto';

/** The phone has no passkey with PRF, or the user cancelled: the screen offers the PIN. */
export class PasskeyError extends Error {
  constructor(
    message: string,
    readonly kind: 'noPrf' | 'cancelled',
  ) {
    super(message);
    this.name = 'PasskeyError';
  }
}

/** Whether to offer the passkey: a platform authenticator with user verification exists. */
export async function passkeyPossible(): Promise<boolean> {
  if (typeof window === 'undefined' || !window.isSecureContext || typeof PublicKeyCredential === 'undefined') return false;
  try {
    return await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable();
  } catch {
    return false;
  }
}

function prfFirst(cred: Credential | null): ArrayBuffer | null {
  const results = (cred as PublicKeyCredential | null)?.getClientExtensionResults().prf?.results?.first;
  if (!results) return null;
  return results instanceof ArrayBuffer
    ? results
    : (new Uint8Array(results as ArrayBufferView as Uint8Array).slice().buffer as ArrayBuffer);
}

const cancelled = () => new PasskeyError('Ontgrendelen met vingerafdruk of gezicht is niet gelukt of afgebroken.', 'cancelled');

/** The PRF output of the passkey `credentialId` for `salt` (asks for the biometric or screen lock). */
export async function evaluatePrf(credentialId: Bytes, salt: Bytes): Promise<ArrayBuffer> {
  let cred: Credential | null;
  try {
    cred = await navigator.credentials.get({
      publicKey: {
        challenge: randomBytes(32),
        allowCredentials: [{ type: 'public-key', id: credentialId }],
        userVerification: 'required',
        timeout: 60_000,
        extensions: { prf: { eval: { first: salt } } },
      },
    });
  } catch {
    throw cancelled();
  }
  const out = prfFirst(cred);
  if (!out) throw new PasskeyError('Deze telefoon kan met een passkey geen sleutel maken. Kies een pincode.', 'noPrf');
  return out;
}

/**
 * Make a passkey on this phone (platform authenticator, user verification required) and get its PRF
 * output for a new random salt: at creation when the authenticator gives it then, else with one
 * more ceremony.
 */
export async function createPrfPasskey(user: {
  name: string;
  displayName: string;
}): Promise<{ credentialId: Bytes; salt: Bytes; prf: ArrayBuffer }> {
  const salt = randomBytes(32);
  let cred: Credential | null;
  try {
    cred = await navigator.credentials.create({
      publicKey: {
        rp: { name: 'Schoolnabij' },
        // A random handle: the passkey says nothing about who the user is at the service.
        user: { id: randomBytes(16), name: user.name, displayName: user.displayName },
        challenge: randomBytes(32),
        pubKeyCredParams: [
          { type: 'public-key', alg: -7 },
          { type: 'public-key', alg: -257 },
        ],
        authenticatorSelection: { authenticatorAttachment: 'platform', userVerification: 'required', residentKey: 'discouraged' },
        timeout: 60_000,
        extensions: { prf: { eval: { first: salt } } },
      },
    });
  } catch {
    throw cancelled();
  }
  if (!cred) throw cancelled();
  const credentialId = new Uint8Array((cred as PublicKeyCredential).rawId);
  const ext = (cred as PublicKeyCredential).getClientExtensionResults().prf;
  if (!ext?.enabled) throw new PasskeyError('Deze telefoon kan met een passkey geen sleutel maken. Kies een pincode.', 'noPrf');
  const prf = prfFirst(cred) ?? (await evaluatePrf(credentialId, salt));
  return { credentialId, salt, prf };
}
