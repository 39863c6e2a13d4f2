// Record lists say who and where a record is about (Vandaag, Consultaties, Registraties), and a new
// record's form starts with the school the user is at today, unless a restored draft says otherwise.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { clearSessionFromMemory, loadSession } from '../../src/app/auth/session';
import { db } from '../../src/app/db/db';
import { generateDataKey } from '../../src/app/db/crypto';
import { setDataKey } from '../../src/app/db/encryption';
import { saveDraft } from '../../src/app/db/drafts';
import ConsultationFormPage from '../../src/app/pages/ConsultationFormPage';
import ConsultationsPage from '../../src/app/pages/ConsultationsPage';
import ContactFormPage from '../../src/app/pages/ContactFormPage';
import RecordsPage from '../../src/app/pages/RecordsPage';
import SignalFormPage from '../../src/app/pages/SignalFormPage';
import TodayPage from '../../src/app/pages/today/TodayPage';
import { forgetPupilsInMemory, warmPupils } from '../../src/app/perf/pupilsInMemory';
import type { Consultation, Contact, Pupil, School, Signal } from '../../src/domain';

const WAIT = { timeout: 10_000 };
const springplank: School = {
  id: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001',
  name: 'OBS De Springplank',
  kind: 'po',
  place: 'Huizen',
  presenceDays: [1, 3],
};
const meerwende: School = {
  id: '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000003',
  name: 'Meerwende College',
  kind: 'vo',
  place: 'Bussum',
  presenceDays: [4, 5],
};
/** A Wednesday (De Springplank) and a Saturday (no school), in Amsterdam. */
const WEDNESDAY = new Date('2026-11-11T09:00:00+01:00');
const SATURDAY = new Date('2026-11-14T09:00:00+01:00');

const at = '2026-11-01T10:00:00.000Z';
const base = { createdBy: 'u1', createdAt: at, updatedAt: at, deleted: false, version: 1 };
const jp = { ...base, id: crypto.randomUUID(), schoolId: springplank.id, initials: 'J.P.', group: 'groep 4', birthYear: 2018 } as Pupil;
const signal = {
  ...base,
  id: crypto.randomUUID(),
  schoolId: springplank.id,
  pupilId: jp.id,
  date: '2026-11-04',
  theme: 'veiligheid',
  seriousness: 'zorgelijk',
  source: 'leerkracht',
  description: 'Blauwe plekken op de bovenarm.',
  followUpDate: '2026-11-10',
} as Signal;
const consultation = (pupilId: string | null, schoolId: string, date: string) =>
  ({
    ...base,
    id: crypto.randomUUID(),
    schoolId,
    pupilId,
    withWhom: 'ouder',
    date,
    question: 'Vader vraagt waar hij terecht kan.',
    advice: '',
    followUpDate: null,
  }) as unknown as Consultation;
const aboutJp = consultation(jp.id, springplank.id, '2026-11-05');
const anonymous = consultation(null, meerwende.id, '2026-11-06');
const contact = {
  ...base,
  id: crypto.randomUUID(),
  schoolId: meerwende.id,
  pupilId: null,
  signalId: null,
  withWhom: 'ib',
  channel: 'mdo',
  date: '2026-11-09',
  time: '10:00',
  durationMinutes: 30,
  summary: 'MDO over de groep.',
  followUpDate: null,
} as unknown as Contact;

beforeAll(async () => {
  setDataKey(await generateDataKey());
  await db.schools.bulkPut([springplank, meerwende]);
  await db.pupils.put(jp);
  await db.signals.put(signal);
  await db.consultations.bulkPut([aboutJp, anonymous]);
  await db.contacts.put(contact);
  await db.meta.put({
    key: 'session',
    value: {
      user: { id: 'u1', name: 'Sanne', role: 'jeugdprofessional', schools: [springplank, meerwende] },
      accessToken: 'x',
      accessExpiresAt: 0,
      refreshToken: 'r',
    },
  });
  await loadSession(db);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});
afterAll(async () => {
  forgetPupilsInMemory();
  await Promise.all([
    db.schools.clear(),
    db.pupils.clear(),
    db.signals.clear(),
    db.consultations.clear(),
    db.contacts.clear(),
    db.drafts.clear(),
  ]);
  await db.meta.delete('session');
  clearSessionFromMemory();
});

/** Only Date is faked: Dexie and fake-indexeddb keep their real timers. */
function itIs(now: Date) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(now);
}

const show = (path: string, element: React.ReactElement) =>
  render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path={path.split('?')[0]} element={element} />
      </Routes>
    </MemoryRouter>,
  );

describe('record lists name the pupil and the school', () => {
  it('Vandaag: the follow-up card is about J.P. at De Springplank, in the link name (pupils read in one bulk read)', async () => {
    forgetPupilsInMemory();
    itIs(WEDNESDAY);
    show('/vandaag', <TodayPage />);
    const due = await screen.findByRole('list', { name: /^Op te volgen/ }, WAIT);
    expect(
      await within(due).findByRole(
        'link',
        { name: /^Signaal.* J\.P\. · groep 4 · Veiligheid · Zorgelijk OBS De Springplank Te laat: opvolgen op di 10 nov\. 2026 Blauwe/ },
        WAIT,
      ),
    ).toBeTruthy();
  }, 20_000);

  it('Consultaties: each consultation says whom it is about, from the in-memory pupils', async () => {
    await warmPupils(db);
    show('/consultaties', <ConsultationsPage />);
    const list = await screen.findByRole('list', { name: 'Consultaties, nieuwste eerst' }, WAIT);
    await waitFor(() =>
      expect(
        within(list)
          .getAllByRole('link')
          .map((a) => `${a.querySelector('.record-title')?.textContent} | ${a.querySelector('.record-school')?.textContent?.trim()}`),
      ).toEqual(['Anoniem · Ouder/verzorger | Meerwende College', 'J.P. · groep 4 · Ouder/verzorger | OBS De Springplank']),
    );
  });

  it('Registraties: a contactmoment without a pupil says so; with one school the school name is left off', async () => {
    await db.schools.delete(meerwende.id);
    try {
      show('/registraties', <RecordsPage />);
      await waitFor(
        () =>
          expect(screen.getAllByRole('link').flatMap((a) => a.querySelector('.record-subject')?.textContent ?? [])).toEqual([
            'Zonder leerling',
            'Anoniem',
            'J.P. · groep 4',
            'J.P. · groep 4',
          ]),
        WAIT,
      );
      expect(document.querySelector('.record-school')).toBeNull();
    } finally {
      await db.schools.put(meerwende);
    }
  });
});

describe("a new record starts at today's school", () => {
  const schoolField = () => screen.findByLabelText(/^School/, undefined, WAIT) as Promise<HTMLSelectElement>;

  it('on a day at De Springplank, the signal, contact and consultation forms start with it', async () => {
    itIs(WEDNESDAY);
    for (const [path, page] of [
      ['/signaal/nieuw', <SignalFormPage key="s" />],
      ['/contactmoment/nieuw', <ContactFormPage key="c" />],
      ['/consultatie/nieuw', <ConsultationFormPage key="k" />],
    ] as const) {
      show(path, page);
      await waitFor(async () => expect((await schoolField()).value).toBe(springplank.id), WAIT);
      cleanup();
    }
  });

  it('on a day without school, "Kies een school"', async () => {
    itIs(SATURDAY);
    show('/signaal/nieuw', <SignalFormPage />);
    const field = await schoolField();
    await new Promise((ok) => setTimeout(ok, 100));
    expect(field.value).toBe('');
  });

  it('a restored draft keeps its own school', async () => {
    itIs(WEDNESDAY);
    await saveDraft(db, 'signal:nieuw', { schoolId: meerwende.id, description: 'Half getypt' });
    show('/signaal/nieuw', <SignalFormPage />);
    await waitFor(async () => expect((await schoolField()).value).toBe(meerwende.id), WAIT);
    await db.drafts.clear();
  });
});
