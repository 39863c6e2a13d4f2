// Which pupil a pulled record is about (one audit row per pupil) and the CSV of the export.
import { describe, expect, it } from 'vitest';
import { subjectOf, subjectsOf } from '../../src/server/audit/log';
import { BOM, csvCell, toCsv } from '../../src/server/audit/csv';
import type { Change } from '../../src/sync/protocol';

const change = (entity: Change['entity'], record: Record<string, unknown>, extra: Partial<Change> = {}): Change => ({
  seq: 1,
  entity,
  record,
  conflicts: [],
  ...extra,
});

describe('subjectOf', () => {
  it('a pupil is its own subject; signals and others name their pupil; anonymous and directory records none', () => {
    expect(subjectOf(change('pupil', { id: 'p1' }))).toEqual({ pupilId: 'p1', key: 'pupil:p1' });
    expect(subjectOf(change('signal', { id: 's1', pupilId: 'p1' }))).toEqual({ pupilId: 'p1', key: 'pupil:p1' });
    expect(subjectOf(change('consultation', { id: 'c1', pupilId: null }))).toBeNull();
    expect(subjectOf(change('contactPerson', { id: 'x' }))).toBeNull();
    expect(subjectOf(change('consultationRequest', { id: 'r1', anonymous: false }))).toEqual({ pupilId: null, key: 'request:r1' });
    expect(subjectOf(change('consultationRequest', { id: 'r2', anonymous: true }))).toBeNull();
    expect(subjectOf(change('pupil', { id: 'p1' }, { purged: true }))).toBeNull();
  });
  it('a family is a read about every child it names, a child still to be linked none', () => {
    const members = [
      { pupilId: 'p1', schoolId: 'a' },
      { pupilId: null, schoolId: 'b' },
      { pupilId: 'p2', schoolId: 'c' },
    ];
    expect(subjectsOf(change('family', { id: 'f1', members }))).toEqual([
      { pupilId: 'p1', key: 'pupil:p1' },
      { pupilId: 'p2', key: 'pupil:p2' },
    ]);
    expect(subjectsOf(change('family', { id: 'f1' }, { purged: true }))).toEqual([]);
    expect(subjectsOf(change('signal', { id: 's1', pupilId: 'p1' }))).toEqual([{ pupilId: 'p1', key: 'pupil:p1' }]);
  });
});

describe('CSV for the export', () => {
  it('semicolons, quotes where needed, no formulas, BOM and CRLF', () => {
    expect(csvCell('Sanne de Vries')).toBe('Sanne de Vries');
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('zei "hoi"')).toBe('"zei ""hoi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell(null)).toBe('');
    expect(csvCell({ reason: 'retention' })).toBe('"{""reason"":""retention""}"');
    expect(toCsv(['a', 'b'], [['1', 'ë']])).toBe(`${BOM}a;b\r\n1;ë\r\n`);
  });
});
