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
  revoke: 'Toestel ingetrokken',
  // Written by routes/devices.ts since before issue 6.
  revoke_device: 'Toestel ingetrokken',
};

export const roleLabels: Record<string, string> = {
  jeugdprofessional: 'jeugdprofessional',
  ib: 'intern begeleider',
  coordinator: 'coördinator',
  beheerder: 'functioneel beheerder',
};

export const actionLabel = (action: string) => actionLabels[action] ?? action;
export const roleLabel = (role: string | null) => (role ? (roleLabels[role] ?? role) : 'systeem');
