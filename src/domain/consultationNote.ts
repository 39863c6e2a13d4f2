import * as z from 'zod/mini';
import type { StorageClasses } from './storage';
import { recordBaseShape, recordBaseStorage } from './record';
import { optionalText } from './text';

/**
 * The jeugdprofessional's eigen aantekening on a consultatievraag: private to its author. A record of
 * its own (not a field of the request) so that the permission rule is per record and the server
 * never has to strip fields: an IB'er's pull and push simply never reach this entity.
 * `pupilId` links the request to a pupil of the jeugdprofessional's caseload (also private: the
 * IB'er only sees the initials they typed themselves).
 */
export const consultationNoteFields = {
  requestId: z.uuid({ error: 'Ongeldige vraag' }),
  pupilId: z.nullable(z.uuid({ error: 'Kies een leerling' })),
  note: optionalText(4000),
};

export const consultationNoteSchema = z.object({ ...recordBaseShape, ...consultationNoteFields });
export type ConsultationNote = z.infer<typeof consultationNoteSchema>;

/** On the phone: the note and its pupil are encrypted; the request it belongs to is its index. */
export const consultationNoteStorage = {
  ...recordBaseStorage,
  requestId: 'indexSafe',
  pupilId: 'sensitive',
  note: 'sensitive',
} as const satisfies StorageClasses<ConsultationNote>;
export const consultationNoteInputSchema = z.object(consultationNoteFields);
export type ConsultationNoteInput = z.infer<typeof consultationNoteInputSchema>;
