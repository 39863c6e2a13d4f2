import type { ConsentInput } from '../../src/domain/consent';

/** The pupil the sample consents are about. */
export const SAMPLE_PUPIL = '0f9d8a2e-1c1b-4f7a-9d7e-2b6f3c4d5e6f';

/** A valid consent: the parent's, spoken, for the wijkteam, from 1 September 2026, not withdrawn. */
export const aConsent = (over: Partial<ConsentInput> = {}): ConsentInput => ({
  pupilId: SAMPLE_PUPIL,
  party: 'wijkteam',
  partyName: '',
  topic: null,
  givenBy: 'ouder',
  way: 'mondeling',
  givenOn: '2026-09-01',
  validUntil: null,
  withdrawnOn: null,
  withdrawnReason: '',
  ...over,
});
