// POST /api/auth/second-factor/…: the second step of a log-in (authenticator app or passkey).
// A finished step answers like a log-in (auth.ts signedInSchema).
import * as z from 'zod/mini';

const challengeField = z.string({ error: 'De inlogstap ontbreekt' }).check(z.minLength(1), z.maxLength(100));
export const challengeRequestSchema = z.strictObject({ challenge: challengeField });
export const totpRequestSchema = z.strictObject({
  challenge: challengeField,
  code: z.string({ error: 'Vul de code van 6 cijfers in' }).check(z.trim(), z.regex(/^\d{6}$/, 'Vul de code van 6 cijfers in')),
});
const b64 = z.string().check(z.maxLength(20_000));
export const passkeyRequestSchema = z.strictObject({
  challenge: challengeField,
  response: z.looseObject({
    id: b64,
    rawId: b64,
    type: z.literal('public-key'),
    response: z.looseObject({ clientDataJSON: b64 }),
  }),
});

/** Enrolment of an authenticator app: the secret to add to it, as text and as an otpauth:// link. */
export const totpSetupResponseSchema = z.object({ secret: z.string(), uri: z.string() });

/** WebAuthn options for the browser: make a passkey (first time) or use one. */
export const passkeyOptionsResponseSchema = z.object({
  mode: z.enum(['register', 'authenticate']),
  /** Read by the browser's WebAuthn library (@simplewebauthn/browser), which checks them itself. */
  options: z.unknown(),
});
