import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createState, mergeFields, type MergeState } from '../../src/sync/merge';

const A = { userId: 'user-a', deviceId: 'dev-a' };
const B = { userId: 'user-b', deviceId: 'dev-b' };
let n = 0;
const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const at = '2026-11-23T10:00:00.000Z';

/** A record created by A at seq 1. */
function base(): MergeState {
  return createState({ schoolId: 's1', description: 'eerst', theme: 'verzuim', deleted: false }, 1, A);
}

function merge(current: MergeState, changes: Record<string, unknown>, baseVersion: number, seq: number, writer = B) {
  return mergeFields({ current, changes, baseVersion, seq, writer, at, newId });
}

describe('mergeFields', () => {
  it('MG1: different fields changed on both sides merge cleanly', () => {
    const s2 = merge(base(), { description: 'van A' }, 1, 2, A).next;
    const r = merge(s2, { theme: 'gedrag' }, 1, 3, B);
    expect(r.conflicts).toEqual([]);
    expect(r.next.values).toMatchObject({ description: 'van A', theme: 'gedrag' });
    expect(r.next.meta.description?.v).toBe(2);
    expect(r.next.meta.theme).toEqual({ v: 3, by: 'user-b', dev: 'dev-b' });
  });

  it('MG4 / I7: same field changed on both sides: later arrival wins, the other value is kept', () => {
    const s2 = merge(base(), { description: 'van A' }, 1, 2, A).next;
    const r = merge(s2, { description: 'van B' }, 1, 3, B);
    expect(r.next.values.description).toBe('van B');
    expect(r.conflicts).toEqual([{ id: expect.any(String), field: 'description', value: 'van A', by: 'user-a', at }]);
  });

  it('MG4: a mutation whose base includes the server change is not a conflict', () => {
    const s2 = merge(base(), { description: 'van A' }, 1, 2, A).next;
    const r = merge(s2, { description: 'van B' }, 2, 3, B);
    expect(r.conflicts).toEqual([]);
    expect(r.changed).toEqual(['description']);
  });

  it('MG2: a device never conflicts with its own earlier writes (offline create + edit, base 0)', () => {
    const r1 = merge(base(), { description: 'tweede' }, 0, 2, A);
    expect(r1.conflicts).toEqual([]);
    const r2 = merge(r1.next, { deleted: true }, 0, 3, A);
    expect(r2.conflicts).toEqual([]);
    expect(r2.next.values.deleted).toBe(true);
  });

  it('MG3: setting the value the server has is no change and no conflict', () => {
    const s2 = merge(base(), { description: 'zelfde' }, 1, 2, A).next;
    const r = merge(s2, { description: 'zelfde' }, 1, 3, B);
    expect(r.changed).toEqual([]);
    expect(r.conflicts).toEqual([]);
  });

  it('MG5: delete vs a later edit: the record stays visible and the deletion is kept', () => {
    const s2 = merge(base(), { description: 'bewerkt' }, 1, 2, A).next;
    const r = merge(s2, { deleted: true }, 1, 3, B);
    expect(r.next.values.deleted).toBe(false);
    expect(r.next.values.description).toBe('bewerkt');
    expect(r.conflicts).toEqual([expect.objectContaining({ field: 'deleted', value: true, by: 'user-b' })]);
  });

  it('MG5: a delete whose base includes every edit is applied', () => {
    const s2 = merge(base(), { description: 'bewerkt' }, 1, 2, A).next;
    const r = merge(s2, { deleted: true }, 2, 3, B);
    expect(r.next.values.deleted).toBe(true);
    expect(r.conflicts).toEqual([]);
  });

  it('MG6: an edit on a record deleted after its base undeletes it and keeps the deletion', () => {
    const s2 = merge(base(), { deleted: true }, 1, 2, A).next;
    const r = merge(s2, { description: 'nog bezig' }, 1, 3, B);
    expect(r.next.values).toMatchObject({ deleted: false, description: 'nog bezig' });
    expect(r.conflicts).toEqual([expect.objectContaining({ field: 'deleted', value: true, by: 'user-a' })]);
  });

  it('MG6: an edit of an archived record made after seeing the deletion keeps it archived', () => {
    const s2 = merge(base(), { deleted: true }, 1, 2, A).next;
    const r = merge(s2, { description: 'in archief' }, 2, 3, B);
    expect(r.next.values).toMatchObject({ deleted: true, description: 'in archief' });
    expect(r.conflicts).toEqual([]);
  });

  it('I7 property: no value is lost — every overwritten value from another device is kept or was in the base', () => {
    const fields = ['description', 'theme', 'deleted'] as const;
    const write = fc.record({
      writer: fc.constantFrom(A, B, { userId: 'user-c', deviceId: 'dev-c' }),
      field: fc.constantFrom(...fields),
      value: fc.oneof(fc.constantFrom('x', 'y', 'z'), fc.boolean()),
      lag: fc.nat({ max: 4 }),
    });
    fc.assert(
      fc.property(fc.array(write, { maxLength: 25 }), (writes) => {
        let state = base();
        let seq = 1;
        for (const w of writes) {
          const value = w.field === 'deleted' ? Boolean(w.value) : String(w.value);
          const baseVersion = Math.max(0, seq - w.lag);
          const before = state;
          const r = merge(state, { [w.field]: value }, baseVersion, seq + 1, w.writer);
          seq += 1;
          for (const f of Object.keys(before.values)) {
            const m = before.meta[f];
            if (!m || r.next.values[f] === before.values[f]) continue;
            // The old value was replaced: either the writer knew it (base, or own device) or it is kept.
            const known = m.v <= baseVersion || m.dev === w.writer.deviceId;
            const kept = r.conflicts.some((c) => c.field === f && c.value === before.values[f]);
            if (!known && !kept) return false;
          }
          // An incoming value that was not applied is kept too (MG5).
          if (r.next.values[w.field] !== value && before.values[w.field] !== value) {
            if (!r.conflicts.some((c) => c.field === w.field && c.value === value)) return false;
          }
          state = r.next;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
});
