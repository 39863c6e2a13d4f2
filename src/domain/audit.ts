// The actions the audit log records (NEN 7513), each with the Dutch words the beheerder reads in
// "Wie zag dit dossier" and in the export. A closed list: the service writes no other action, and
// a new one cannot be added without its label.
export const auditActionLabels = {
  read: 'Ingezien',
  search: 'Opgezocht in logboek',
  create: 'Aangemaakt',
  update: 'Gewijzigd',
  delete: 'Verwijderd',
  export: 'Logboek geëxporteerd',
  login: 'Ingelogd',
  failed_login: 'Mislukte inlogpoging',
  refused: 'Geweigerd (geen toegang)',
  failed_second_factor: 'Tweede stap bij inloggen geweigerd',
  revoke_device: 'Toestel ingetrokken',
  print: 'Afgedrukt',
  break_glass: 'Tijdelijke toegang bij vervanging',
  rights_request: 'Verzoek van ouder of leerling (inzage, correctie, verwijdering of bezwaar)',
  'user.create': 'Gebruiker toegevoegd',
  'user.update': 'Gebruiker gewijzigd',
  'user.activate': 'Account geactiveerd met activeringscode',
  'user.reset_password': 'Wachtwoord hersteld',
  'user.reset_second_factor': 'Tweede stap hersteld',
  'school.update': 'School gewijzigd',
  'settings.update': 'Instellingen van de regio gewijzigd',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof auditActionLabels;
export const auditActions = Object.keys(auditActionLabels) as AuditAction[];

/** What was exported, by the row's entity: the log itself, or the kengetallen CSV. */
const exportLabels: Record<string, string> = { audit_log: 'Logboek geëxporteerd', kengetallen: 'Kengetallen geëxporteerd' };

/** Rows written before the list was closed may hold an action it no longer has. */
const earlierLabels: Record<string, string> = { revoke: 'Toestel ingetrokken' };

/** The Dutch label of a row's action; an unknown action (none is written) shows as it is. */
export function auditActionLabel(action: string, entity?: string | null): string {
  if (action === 'export' && entity && exportLabels[entity]) return exportLabels[entity];
  return (auditActionLabels as Record<string, string>)[action] ?? earlierLabels[action] ?? action;
}
