// /api/admin/users…: the beheerder keeps users, roles, school membership; devices are listed per
// user. The beheerder never sets or sees a password: a new account and a reset give a one-time
// activation code.
import * as z from 'zod/mini';
import { storable } from '../../domain/input';
import { roles } from '../../domain/permissions';
import { sentInstant } from './common';
import { deviceSchema } from './devices';

const USERNAME = /^[a-z0-9._-]{3,40}$/;
const username = z
  .string({ error: 'Vul een gebruikersnaam in' })
  .check(
    z.trim(),
    z.toLowerCase(),
    z.regex(USERNAME, 'Een gebruikersnaam heeft 3 tot 40 tekens: kleine letters, cijfers, punt, streepje of liggend streepje'),
  );
const name = z
  .string({ error: 'Vul een naam in' })
  .check(z.trim(), z.minLength(2, 'Vul een naam in (minstens 2 tekens)'), z.maxLength(80, 'Maximaal 80 tekens'), storable);
const role = z.enum(roles, { error: 'Kies een rol: jeugdprofessional, ib, coordinator, beheerder of leerplicht' });
const schoolIds = z.array(z.uuid({ error: 'Ongeldige school-id' })).check(z.maxLength(200, 'Hoogstens 200 scholen'));

/** A leerplichtambtenaar's gemeenten (areas of kind gemeente): their schools are the schools there. */
const gemeenteIds = z.array(z.uuid({ error: 'Ongeldige gemeente-id' })).check(z.maxLength(50, 'Hoogstens 50 gemeenten'));

export const createUserRequestSchema = z.strictObject({ username, name, role, schoolIds, gemeenteIds: z.optional(gemeenteIds) });
export type NewUser = z.input<typeof createUserRequestSchema>;
export const patchUserRequestSchema = z
  .strictObject({ name: z.optional(name), role: z.optional(role), schoolIds: z.optional(schoolIds), gemeenteIds: z.optional(gemeenteIds) })
  .check(
    z.refine((v) => Object.keys(v).length > 0, { error: 'Geef minstens één veld om te wijzigen: name, role, schoolIds of gemeenteIds' }),
  );
export type UserChanges = z.input<typeof patchUserRequestSchema>;
export const userParamsSchema = z.strictObject({ id: z.uuid({ error: 'Ongeldige gebruikers-id' }) });

export const adminDeviceSchema = deviceSchema;
export type AdminDevice = z.infer<typeof adminDeviceSchema>;

export const adminUserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  name: z.string(),
  role: z.enum(roles),
  schoolIds: z.array(z.uuid()),
  /** A leerplichtambtenaar's gemeenten; empty for every other role. */
  gemeenteIds: z.array(z.uuid()),
  createdAt: sentInstant(),
  /** An activation code is open until then (null: none, or expired). */
  activationExpiresAt: z.nullable(sentInstant()),
  /** The user chose a password (with an activation code, or the demo's). */
  activated: z.boolean(),
  secondFactor: z.object({ totp: z.boolean(), passkeys: z.int() }),
  devices: z.array(adminDeviceSchema),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

/** Shown once to the beheerder, handed to the user, who chooses their password with it. */
export const activationSchema = z.object({ code: z.string(), expiresAt: sentInstant() });
export type Activation = z.infer<typeof activationSchema>;

export const usersResponseSchema = z.object({ users: z.array(adminUserSchema) });
export const userResponseSchema = z.object({ user: adminUserSchema });
export const userWithActivationSchema = z.object({ user: adminUserSchema, activation: activationSchema });
