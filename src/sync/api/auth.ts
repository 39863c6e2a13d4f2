// POST /api/auth/login, /refresh, /logout, /activate: the contract between app and service.
import * as z from 'zod/mini';
import { areaSchema } from '../../domain/area';
import { storable } from '../../domain/input';
import { roles } from '../../domain/permissions';
import { schoolSchema } from '../../domain/school';

export const loginRequestSchema = z.strictObject({
  username: z
    .string({ error: 'Vul je gebruikersnaam in' })
    .check(z.trim(), z.minLength(1, 'Vul je gebruikersnaam in'), z.maxLength(100), storable),
  password: z.string({ error: 'Vul je wachtwoord in' }).check(z.minLength(1, 'Vul je wachtwoord in'), z.maxLength(200), storable),
  deviceId: z.uuid({ error: 'Ongeldige toestel-id' }),
  deviceName: z
    .string({ error: 'Geef het toestel een naam' })
    .check(z.trim(), z.minLength(1, 'Geef het toestel een naam'), z.maxLength(80), storable),
});
export type LoginRequest = z.input<typeof loginRequestSchema>;

export const refreshRequestSchema = z.strictObject({
  refreshToken: z.string().check(z.minLength(1), z.maxLength(200), storable),
  deviceId: z.uuid({ error: 'Ongeldige toestel-id' }),
});
export const logoutRequestSchema = z.strictObject({ refreshToken: z.string().check(z.minLength(1), z.maxLength(200), storable) });
export const activateRequestSchema = z.strictObject({
  username: z
    .string({ error: 'Vul je gebruikersnaam in' })
    .check(z.trim(), z.minLength(1, 'Vul je gebruikersnaam in'), z.maxLength(100), storable),
  code: z
    .string({ error: 'Vul de activeringscode in' })
    .check(z.trim(), z.minLength(1, 'Vul de activeringscode in'), z.maxLength(40), storable),
  password: z.string({ error: 'Kies een wachtwoord' }).check(z.maxLength(200, 'Een wachtwoord heeft hoogstens 200 tekens'), storable),
});

/** Who signed in: the schools they work for, the areas of their wie-is-wie, the region's lock time. */
export const sessionUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(roles),
  schools: z.array(schoolSchema),
  /** Absent from older services. */
  areas: z.optional(z.array(areaSchema)),
  /** The region's idle minutes before the app locks; absent from older services. */
  lockMinutes: z.optional(z.int()),
  /**
   * The jeugdprofessionals whose records this user reads (a shared school whose team shares dossiers),
   * to say on a card who recorded it. Kept in the stored session, so the names are there offline.
   */
  colleagues: z.optional(z.array(z.object({ id: z.string(), name: z.string(), schoolIds: z.array(z.string()) }))),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** A finished log-in or a refresh: new tokens and the user as the service knows them now. */
export const signedInSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  user: sessionUserSchema,
});
export type SignedIn = z.infer<typeof signedInSchema>;

/**
 * The password was right and a second factor is asked next (first log-in of this user on this
 * device): what the service offers. `enrol`: the user has none yet and sets one up now.
 */
export const secondFactorStepSchema = z.object({
  challenge: z.string(),
  totp: z.boolean(),
  passkey: z.boolean(),
  enrol: z.boolean(),
});
export type SecondFactorStep = z.infer<typeof secondFactorStepSchema>;

export const loginResponseSchema = z.union([signedInSchema, z.object({ secondFactor: secondFactorStepSchema })]);
export type LoginResponse = z.infer<typeof loginResponseSchema>;
