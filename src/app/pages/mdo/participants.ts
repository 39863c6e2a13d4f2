import type { ContactPerson, MdoParticipant, MdoParticipantRole } from '../../../domain';

/** A directory entry as a participant: its role where the MDO knows it, else "anders". */
export function participantFromDirectory(p: ContactPerson): MdoParticipant {
  const byRole: Partial<Record<ContactPerson['role'], MdoParticipantRole>> = {
    ib: 'ib',
    jeugdprofessional: 'jeugdprofessional',
    jgz: 'jgz',
    leerplicht: 'leerplicht',
    wijkteam: 'wijkteam',
    cat: 'cat',
    smw: 'smw',
    swv: 'swv',
    swv_loket: 'swv',
  };
  return { role: byRole[p.role] ?? 'anders', name: p.name, organisation: p.organisation, userId: null, contactPersonId: p.id };
}
