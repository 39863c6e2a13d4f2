// Consultatievraag cross-field rules (src/domain/consultationRequest.ts), on the schema the app's form
// and the server's push both use.
import { describe, expect, it } from 'vitest';
import {
  consultationRequestInputSchema,
  isOpenRequest,
  newRequestHandling,
  requestProblems,
  type ConsultationRequestInput,
} from '../../src/domain/consultationRequest';

const ask: ConsultationRequestInput = {
  anonymous: false,
  pupilInitials: 'S.B.',
  pupilGroup: 'groep 3',
  topic: 'emotioneel_welzijn',
  question: 'Huilt vaak bij het brengen; wat kunnen we in de klas doen?',
  urgency: 'deze_week',
  preferredChannel: 'op_school',
  preferredMoment: 'woensdagochtend',
  consent: 'op_de_hoogte',
  ...newRequestHandling,
};
const messages = (v: unknown) => {
  const res = consultationRequestInputSchema.safeParse(v);
  return res.success ? {} : Object.fromEntries(res.error.issues.map((i) => [String(i.path[0]), i.message]));
};

describe('consultatievraag rules', () => {
  it('accepts a new named request and a new anonymous one', () => {
    expect(messages(ask)).toEqual({});
    expect(messages({ ...ask, anonymous: true, pupilInitials: '' })).toEqual({});
  });

  it('a named request needs initials; an anonymous one may not name a pupil', () => {
    expect(messages({ ...ask, pupilInitials: '  ' })).toEqual({ pupilInitials: 'Vul initialen of een roepnaam in, of kies anoniem' });
    expect(messages({ ...ask, anonymous: true })).toEqual({ pupilInitials: 'Een anonieme vraag noemt geen leerling' });
  });

  it('ingepland needs a date, beantwoord needs the advice for school', () => {
    expect(messages({ ...ask, status: 'ingepland' })).toEqual({ plannedDate: 'Kies een datum voor de afspraak' });
    expect(messages({ ...ask, status: 'ingepland', plannedDate: '2025-11-26', plannedTime: '10:30' })).toEqual({});
    expect(messages({ ...ask, status: 'beantwoord', adviceForSchool: '   ' })).toEqual({
      adviceForSchool: 'Schrijf het advies voor school',
    });
    expect(messages({ ...ask, status: 'beantwoord', adviceForSchool: 'Vast afscheidsritueel bij de deur.' })).toEqual({});
  });

  it('reports every cross-field problem at once', () => {
    expect(
      requestProblems({ anonymous: false, pupilInitials: '', status: 'beantwoord', adviceForSchool: '', plannedDate: null }).map(
        (p) => p.path,
      ),
    ).toEqual(['pupilInitials', 'adviceForSchool']);
  });

  it('never takes a BSN or a number as the pupil, nor a BSN in the question', () => {
    expect(messages({ ...ask, pupilInitials: '123456782' }).pupilInitials).toMatch(/Alleen cijfers/);
    expect(messages({ ...ask, question: 'Leerling met BSN 123456782 mist veel' }).question).toMatch(/BSN/);
  });

  it('checks time and urgency values', () => {
    expect(messages({ ...ask, status: 'ingepland', plannedDate: '2025-11-26', plannedTime: '25:00' }).plannedTime).toBe(
      'Vul een tijd in als 10:30',
    );
    expect(messages({ ...ask, urgency: 'morgen' }).urgency).toBe('Kies hoe dringend het is');
  });

  it('is open (on Vandaag, with a badge) while nieuw or ingepland and not deleted', () => {
    expect(isOpenRequest({ status: 'nieuw' })).toBe(true);
    expect(isOpenRequest({ status: 'ingepland' })).toBe(true);
    expect(isOpenRequest({ status: 'beantwoord' })).toBe(false);
    expect(isOpenRequest({ status: 'teruggetrokken' })).toBe(false);
    expect(isOpenRequest({ status: 'nieuw', deleted: true })).toBe(false);
  });
});
