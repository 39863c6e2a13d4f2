// Notices on the device: an MDO agreement for school tells the IB'er, one for the jeugdprofessional
// tells her, when someone else wrote it down; opening the meeting clears them; a newer agreement in
// the same meeting is news again.
import { describe, expect, it } from 'vitest';
import type { SchoolnabijDB } from '../../src/app/db/db';
import { markMeetingNoticesSeen, unseenNotices } from '../../src/app/db/notices';
import { createRecord, updateRecord } from '../../src/app/db/records';
import { freshDbPerTest } from './freshDb';

const school = '0b6c1a52-3f1e-4c8a-9a51-7f7d2a000001';
const IB = 'ib-1';
const JP = 'jp-1';
const at = (iso: string) => new Date(iso);

let db: SchoolnabijDB;
freshDbPerTest((d) => (db = d));

async function meetingWithItem(by: string) {
  const meeting = await createRecord(
    db,
    'mdoMeeting',
    { date: '2026-03-10', time: '09:00', participants: [], status: 'gepland' },
    { userId: by, schoolId: school },
  );
  const item = await createRecord(
    db,
    'mdoItem',
    {
      meetingId: meeting.id,
      pupilId: null,
      pupilLabel: 'R.T. · groep 6',
      anonymous: false,
      description: '',
      question: 'Hoe helpen we R. in de ochtend?',
      addedByName: '',
      consentOutcome: 'niet_gecontroleerd',
      consentMissing: [],
      consentReason: '',
      consentCheckedOn: null,
      conclusion: '',
    },
    { userId: by, schoolId: school },
  );
  return { meeting, item };
}

async function agree(by: string, item: { id: string; meetingId: string }, who: 'school' | 'jeugdprofessional', what: string, when: string) {
  return createRecord(
    db,
    'mdoAgreement',
    { meetingId: item.meetingId, itemId: item.id, who, whoName: '', what, byWhen: null, done: false, doneOn: null },
    { userId: by, schoolId: school, now: at(when) },
  );
}

describe('MDO agreements as notices', () => {
  it("an agreement for school that the jeugdprofessional wrote is news for the IB'er, not for herself", async () => {
    const { meeting, item } = await meetingWithItem(JP);
    const a = await agree(JP, item, 'school', 'Leerkracht noteert de ochtenden', '2026-03-10T10:00:00Z');

    expect(await unseenNotices(db, ['schoolAgreement'], IB)).toEqual([
      {
        kind: 'schoolAgreement',
        id: a.id,
        at: '2026-03-10T10:00:00.000Z',
        text: 'Afspraak voor school uit het MDO: Leerkracht noteert de ochtenden',
        path: `/mdo/${meeting.id}`,
      },
    ]);
    expect(await unseenNotices(db, ['schoolAgreement', 'jpAgreement'], JP)).toEqual([]);
    // The IB'er's own agreement for school, and one for someone else, are no news to her.
    await agree(IB, item, 'school', 'Mentor belt thuis', '2026-03-10T10:05:00Z');
    await agree(JP, item, 'jeugdprofessional', 'Moeder bellen', '2026-03-10T10:06:00Z');
    expect((await unseenNotices(db, ['schoolAgreement'], IB)).map((n) => n.id)).toEqual([a.id]);
  });

  it("an agreement for the jeugdprofessional that the IB'er wrote is news for the jeugdprofessional", async () => {
    const { meeting, item } = await meetingWithItem(IB);
    const a = await agree(IB, item, 'jeugdprofessional', 'Moeder bellen over de ochtenden', '2026-03-10T10:00:00Z');
    expect(await unseenNotices(db, ['jpAgreement'], JP)).toMatchObject([
      { kind: 'jpAgreement', id: a.id, text: 'Afspraak voor jou uit het MDO: Moeder bellen over de ochtenden', path: `/mdo/${meeting.id}` },
    ]);
    expect(await unseenNotices(db, ['jpAgreement', 'schoolAgreement'], IB)).toEqual([]);
  });

  it('opening the meeting clears its notices; a newer agreement is news again; a done one is not', async () => {
    const { meeting, item } = await meetingWithItem(JP);
    const other = await meetingWithItem(JP);
    await agree(JP, item, 'school', 'Leerkracht noteert de ochtenden', '2026-03-10T10:00:00Z');
    const elsewhere = await agree(JP, other.item, 'school', 'Gesprek met de mentor', '2026-03-10T10:01:00Z');

    await markMeetingNoticesSeen(db, meeting.id, IB);
    // Only the notices of the opened meeting go.
    expect((await unseenNotices(db, ['schoolAgreement'], IB)).map((n) => n.id)).toEqual([elsewhere.id]);

    const later = await agree(JP, item, 'school', 'Plan bespreken met ouders', '2026-03-11T08:00:00Z');
    expect((await unseenNotices(db, ['schoolAgreement'], IB)).map((n) => n.id)).toEqual([later.id, elsewhere.id]);

    await updateRecord(db, 'mdoAgreement', later.id, { done: true, doneOn: '2026-03-11' }, { userId: JP });
    expect((await unseenNotices(db, ['schoolAgreement'], IB)).map((n) => n.id)).toEqual([elsewhere.id]);
  });
});
