// How an audit row reads for the beheerder and in the export (Dutch). The actions and their labels
// are the domain's closed list (domain/audit.ts).
import { auditActionLabel } from '../../domain/audit';

export const roleLabels: Record<string, string> = {
  jeugdprofessional: 'jeugdprofessional',
  ib: 'intern begeleider',
  coordinator: 'coördinator',
  beheerder: 'functioneel beheerder',
};

export const actionLabel = auditActionLabel;
export const roleLabel = (role: string | null) => (role ? (roleLabels[role] ?? role) : 'systeem');
