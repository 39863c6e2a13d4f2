// Labels of the beheer screens, in Dutch.
import type { Role } from '../../domain/permissions';
import type { AdminSchool } from './api';

export const roleLabels: Record<Role, string> = {
  jeugdprofessional: 'Jeugdprofessional',
  ib: 'Intern begeleider / zorgcoördinator',
  coordinator: 'Coördinator',
  beheerder: 'Functioneel beheerder',
  leerplicht: 'Leerplichtambtenaar',
};

export const schoolKindLabels: Record<AdminSchool['kind'], string> = {
  po: 'Basisschool',
  vo: 'Voortgezet onderwijs',
  so: 'Speciaal onderwijs',
};

/** The school days the jeugdprofessional can be present: maandag (1) to vrijdag (5). */
export const schoolDays: readonly (readonly [number, string, string])[] = [
  [1, 'ma', 'maandag'],
  [2, 'di', 'dinsdag'],
  [3, 'wo', 'woensdag'],
  [4, 'do', 'donderdag'],
  [5, 'vr', 'vrijdag'],
];

export const MIN_PASSWORD_LENGTH = 12;
export const passwordPolicy = `Minstens ${MIN_PASSWORD_LENGTH} tekens, zonder de gebruikersnaam erin. Een zin van een paar woorden werkt goed.`;
