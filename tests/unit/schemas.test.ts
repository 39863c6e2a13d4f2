import { describe, expect, it } from 'vitest';
import {
  containsBsn,
  contactInputSchema,
  consultationInputSchema,
  fieldErrors,
  passesElfproef,
  pupilInputSchema,
  signalInputSchema,
} from '../../src/domain';
import { mutationSchema } from '../../src/sync/protocol';

const errorsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? {} : fieldErrors(r.error!.issues);

const year = new Date().getFullYear();
const pupil = { initials: 'JdV', group: 'groep 7', birthYear: year - 11 };
const signal = {
  pupilId: '2b0b4c47-5d52-4bd6-9a3d-0c8f7f3a7c11',
  date: '2026-11-23',
  theme: 'verzuim',
  seriousness: 'zorgelijk',
  source: 'leerkracht',
  description: 'Sinds drie weken vaak te laat, moeder is ziek.',
  followUpDate: null,
};

describe('elfproef and BSN detection', () => {
  it('accepts a valid BSN and rejects one digit off', () => {
    expect(passesElfproef('111222333')).toBe(true);
    expect(passesElfproef('111222334')).toBe(false);
    expect(passesElfproef('000000000')).toBe(false);
  });
  it('finds a BSN in free text, also written with dots or spaces', () => {
    expect(containsBsn('bsn 111222333 van moeder')).toBe(true);
    expect(containsBsn('1112.22.333')).toBe(true);
    expect(containsBsn('1112 22 333')).toBe(true);
    expect(containsBsn('bel 0612345678')).toBe(false); // ten digits: a phone number
    expect(containsBsn('groep 7, 12 kinderen')).toBe(false);
  });
});

describe('Pupil schema', () => {
  it('accepts minimal pupil data', () => {
    expect(pupilInputSchema.safeParse(pupil).success).toBe(true);
  });
  it('refuses digits-only 9-digit input as initials, naming BSN', () => {
    const e = errorsOf(pupilInputSchema.safeParse({ ...pupil, initials: '123456789' }));
    expect(e.initials).toMatch(/cijfers.*BSN/);
  });
  it('refuses digits-only initials of any length', () => {
    expect(errorsOf(pupilInputSchema.safeParse({ ...pupil, initials: '42' })).initials).toBeDefined();
  });
  it('refuses empty initials with a Dutch message', () => {
    expect(errorsOf(pupilInputSchema.safeParse({ ...pupil, initials: '   ' })).initials).toBe('Vul initialen of een roepnaam in');
  });
  it('refuses a birth year in the future', () => {
    expect(errorsOf(pupilInputSchema.safeParse({ ...pupil, birthYear: year + 1 })).birthYear).toBe('Het geboortejaar ligt in de toekomst');
  });
  it('refuses a birth year too long ago and a missing one', () => {
    expect(errorsOf(pupilInputSchema.safeParse({ ...pupil, birthYear: year - 40 })).birthYear).toMatch(/of later zijn/);
    expect(errorsOf(pupilInputSchema.safeParse({ ...pupil, birthYear: undefined })).birthYear).toMatch(/geboortejaar/);
  });
  it('trims initials', () => {
    const r = pupilInputSchema.safeParse({ ...pupil, initials: '  Mo ' });
    expect(r.success && r.data.initials).toBe('Mo');
  });
});

describe('Signal schema', () => {
  it('accepts a complete signal', () => {
    expect(signalInputSchema.safeParse(signal).success).toBe(true);
  });
  it('refuses an empty description', () => {
    expect(errorsOf(signalInputSchema.safeParse({ ...signal, description: '' })).description).toBe(
      'Beschrijf het signaal (minstens 3 tekens)',
    );
  });
  it('refuses a BSN in the description', () => {
    expect(errorsOf(signalInputSchema.safeParse({ ...signal, description: 'BSN 111222333' })).description).toMatch(/BSN/);
  });
  it('refuses an unknown theme and names every missing choice', () => {
    const e = errorsOf(signalInputSchema.safeParse({ ...signal, theme: 'onbekend', seriousness: undefined, source: undefined }));
    expect(e.theme).toBe('Kies een thema');
    expect(e.seriousness).toBe('Kies hoe ernstig het is');
    expect(e.source).toBe('Kies van wie het signaal komt');
  });
  it('refuses an invalid date and a missing pupil', () => {
    const e = errorsOf(signalInputSchema.safeParse({ ...signal, date: '23-11-2026', pupilId: '' }));
    expect(e.date).toBe('Vul een geldige datum in');
    expect(e.pupilId).toBe('Kies een leerling');
  });
});

describe('Contact and consultation schemas', () => {
  const contact = {
    pupilId: null,
    signalId: null,
    withWhom: 'ouder',
    channel: 'telefonisch',
    date: '2026-11-23',
    time: '10:30',
    durationMinutes: 20,
    summary: 'Moeder gebeld over het verzuim.',
    followUpDate: '2026-11-30',
  };
  it('accepts a contact without pupil', () => {
    expect(contactInputSchema.safeParse(contact).success).toBe(true);
  });
  it('refuses a zero duration and a bad time', () => {
    const e = errorsOf(contactInputSchema.safeParse({ ...contact, durationMinutes: 0, time: '25:00' }));
    expect(e.durationMinutes).toBe('De duur is minstens 1 minuut');
    expect(e.time).toBe('Vul een tijd in als 10:30');
  });
  it('accepts an anonymous consultation with empty advice', () => {
    const c = {
      pupilId: null,
      withWhom: 'ib',
      date: '2026-11-23',
      question: 'Hoe ga ik om met een stille leerling?',
      advice: '',
      followUpDate: null,
    };
    expect(consultationInputSchema.safeParse(c).success).toBe(true);
    expect(errorsOf(consultationInputSchema.safeParse({ ...c, question: 'a' })).question).toMatch(/minstens 3/);
  });
});

describe('Mutation schema (sync protocol)', () => {
  it('accepts an outbox mutation and refuses a negative base version', () => {
    const m = {
      id: crypto.randomUUID(),
      entity: 'signal',
      recordId: crypto.randomUUID(),
      kind: 'create',
      changes: { theme: 'verzuim' },
      baseVersion: 0,
      createdAt: new Date().toISOString(),
    };
    expect(mutationSchema.safeParse(m).success).toBe(true);
    expect(mutationSchema.safeParse({ ...m, baseVersion: -1 }).success).toBe(false);
    expect(mutationSchema.safeParse({ ...m, entity: 'school' }).success).toBe(false);
  });
});
