import Dexie, { type EntityTable } from 'dexie';
import type {
  AbsenceEntry,
  Consent,
  Consultation,
  ConsultationNote,
  ConsultationRequest,
  Contact,
  ContactPerson,
  EntityName,
  Family,
  MdoAgreement,
  MdoItem,
  MdoMeeting,
  Meldcode,
  Pupil,
  School,
  Signal,
  Verzuimroute,
  Wachtlijst,
} from '../../domain';
import type { Conflict, Mutation, ViewKind } from '../../sync/protocol';
import { installEncryption } from './encryption';
import { derivedMiddleware, markDerivedOnCreate } from '../perf/derived';
import { declareVersions } from './versions';

/** A mutation waiting in the outbox; `seq` is its place in push order. */
export type OutboxEntry = Mutation & { seq?: number };

/** A half-filled form, kept so that nothing typed is lost on a reload or a killed app. */
export interface Draft {
  key: string;
  values: Record<string, unknown>;
  savedAt: string;
}

/** A value that lost a same-field conflict on the server, kept until the user resolves it. */
export type ConflictRow = Conflict & { entity: EntityName; recordId: string };

/** A mutation the server refused, with its reason: kept and shown, never silently dropped (I5). */
export type RejectedRow = Mutation & { reason: string; rejectedAt: string };

/** A pupil page opened on this device, waiting to be uploaded to the audit log. */
export interface ViewRow {
  id: string;
  pupilId: string;
  at: string;
  /** What was opened (absent: the pupil page); a card or a print names its MDO agenda item. */
  kind?: ViewKind;
  itemId?: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export class SchoolnabijDB extends Dexie {
  schools!: EntityTable<School, 'id'>;
  pupils!: EntityTable<Pupil, 'id'>;
  signals!: EntityTable<Signal, 'id'>;
  contacts!: EntityTable<Contact, 'id'>;
  consultations!: EntityTable<Consultation, 'id'>;
  meldcodes!: EntityTable<Meldcode, 'id'>;
  consultationRequests!: EntityTable<ConsultationRequest, 'id'>;
  consultationNotes!: EntityTable<ConsultationNote, 'id'>;
  contactPersons!: EntityTable<ContactPerson, 'id'>;
  consents!: EntityTable<Consent, 'id'>;
  families!: EntityTable<Family, 'id'>;
  absences!: EntityTable<AbsenceEntry, 'id'>;
  verzuimroutes!: EntityTable<Verzuimroute, 'id'>;
  wachtlijst!: EntityTable<Wachtlijst, 'id'>;
  mdoMeetings!: EntityTable<MdoMeeting, 'id'>;
  mdoItems!: EntityTable<MdoItem, 'id'>;
  mdoAgreements!: EntityTable<MdoAgreement, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  drafts!: EntityTable<Draft, 'key'>;
  conflicts!: EntityTable<ConflictRow, 'id'>;
  rejected!: EntityTable<RejectedRow, 'id'>;
  meta!: EntityTable<MetaRow, 'key'>;
  views!: EntityTable<ViewRow, 'id'>;

  constructor(name = 'schoolnabij') {
    super(name);
    declareVersions(this);
    this.use(derivedMiddleware);
    markDerivedOnCreate(this);
    // Another tab opened a newer version: close so it can upgrade, and reload into the new code.
    this.on('versionchange', () => {
      this.close();
      if (typeof location !== 'undefined') location.reload();
      return false;
    });
  }
}

/** The table that holds each entity. */
export const tableOf = {
  pupil: 'pupils',
  signal: 'signals',
  contact: 'contacts',
  consultation: 'consultations',
  meldcode: 'meldcodes',
  consultationRequest: 'consultationRequests',
  consultationNote: 'consultationNotes',
  contactPerson: 'contactPersons',
  consent: 'consents',
  family: 'families',
  absence: 'absences',
  verzuimroute: 'verzuimroutes',
  mdoMeeting: 'mdoMeetings',
  mdoItem: 'mdoItems',
  mdoAgreement: 'mdoAgreements',
  wachtlijst: 'wachtlijst',
} as const satisfies Record<EntityName, keyof SchoolnabijDB>;

export const db = new SchoolnabijDB();
// Sensitive fields are encrypted at rest; test databases opt in with installEncryption.
installEncryption(db);
