import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeFieldVersions, encodeFieldVersions } from '../../src/server/sync/fieldVersions';
import { createState, mergeFields, type FieldMeta } from '../../src/sync/merge';

const A = { userId: 'user-a', deviceId: 'dev-a' };
const B = { userId: 'user-b', deviceId: 'dev-b' };
const at = '2026-11-23T10:00:00.000Z';
let n = 0;
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

/** What the database hands back: the stored form after a JSON round trip (jsonb). */
const stored = (meta: Record<string, FieldMeta>, values: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(encodeFieldVersions(meta, values))) as ReturnType<typeof encodeFieldVersions>;

describe('field_versions storage (003_compact_field_versions)', () => {
  it('stores a created record as one writer, without a per-field copy of the ids', () => {
    const s = createState({ initials: 'S.B.', group: 'groep 5', birthYear: 2015, schoolId: 's1', deleted: false }, 7, A);
    const enc = encodeFieldVersions(s.meta, s.values);
    expect(enc).toEqual({ d: [7, 'user-a', 'dev-a'] });
    expect(decodeFieldVersions(stored(s.meta, s.values), s.values)).toEqual(s.meta);
  });

  it('names only the fields another write changed, and reads back what the merge wrote', () => {
    const s = createState({ description: 'eerst', theme: 'verzuim', schoolId: 's1', deleted: false }, 1, A);
    const r = mergeFields({ current: s, changes: { theme: 'gedrag' }, baseVersion: 1, seq: 2, writer: B, at, newId });
    const enc = encodeFieldVersions(r.next.meta, r.next.values);
    expect(enc).toEqual({ d: [1, 'user-a', 'dev-a'], f: { theme: [2, 'user-b', 'dev-b'] } });
    const back = decodeFieldVersions(stored(r.next.meta, r.next.values), r.next.values);
    expect(back).toEqual(r.next.meta);
    // The merge on the decoded meta decides exactly as on the original (MG2/MG4 look at v and dev).
    const next = (meta: Record<string, FieldMeta>) =>
      mergeFields({
        current: { values: r.next.values, meta },
        changes: { theme: 'thuissituatie' },
        baseVersion: 1,
        seq: 3,
        writer: A,
        at,
        newId: () => 'c',
      });
    expect(next(back)).toEqual(next(r.next.meta));
    expect(next(back).conflicts).toEqual([{ id: 'c', field: 'theme', value: 'gedrag', by: 'user-b', at }]);
  });

  it('round-trips any metadata exactly, also fields without meta and meta without a value', () => {
    const field = fc.constantFrom('initials', 'group', 'birthYear', 'schoolId', 'deleted', 'description', 'theme');
    const meta = fc.record({ v: fc.integer({ min: 1, max: 50 }), by: fc.constantFrom('u1', 'u2', 'u3'), dev: fc.constantFrom('d1', 'd2') });
    fc.assert(
      fc.property(fc.dictionary(field, meta), fc.dictionary(field, fc.jsonValue()), (m, values) => {
        expect(decodeFieldVersions(stored(m, values), values)).toEqual(m);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
