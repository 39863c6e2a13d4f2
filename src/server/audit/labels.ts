// How an audit action reads for the beheerder and in the export (Dutch).
export const actionLabels: Record<string, string> = {
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
  revoke: 'Toestel ingetrokken',
  // Written by routes/devices.ts since the first version.
  revoke_device: 'Toestel ingetrokken',
};

export const roleLabels: Record<string, string> = {
  jeugdprofessional: 'jeugdprofessional',
  ib: 'intern begeleider',
  coordinator: 'coördinator',
  beheerder: 'functioneel beheerder',
};

/** What was exported, by the row's entity: the log itself, or the kengetallen CSV. */
const exportLabels: Record<string, string> = { audit_log: 'Logboek geëxporteerd', kengetallen: 'Kengetallen geëxporteerd' };

export const actionLabel = (action: string, entity?: string | null) =>
  (action === 'export' && entity ? exportLabels[entity] : undefined) ?? actionLabels[action] ?? action;
export const roleLabel = (role: string | null) => (role ? (roleLabels[role] ?? role) : 'systeem');
