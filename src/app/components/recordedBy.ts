import type { SessionUser } from '../auth/session';

/**
 * Who recorded a record, for its card: "jij", a colleague's name, or "een collega" (someone no longer
 * at that school). Only where the team shares dossiers at the record's school: elsewhere every
 * record a user reads is their own, and the line would say nothing.
 */
export function recordedBy(
  user: Pick<SessionUser, 'id' | 'colleagues'> | undefined,
  r: { createdBy: string; schoolId: string },
): string | undefined {
  if (!user) return undefined;
  const team = (user.colleagues ?? []).filter((c) => c.schoolIds.includes(r.schoolId));
  if (r.createdBy === user.id) return team.length > 0 ? 'jij' : undefined;
  return team.find((c) => c.id === r.createdBy)?.name ?? 'een collega';
}
