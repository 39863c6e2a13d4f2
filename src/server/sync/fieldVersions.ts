// How `records.field_versions` is stored (since 003_compact_field_versions.sql). The merge works on
// one FieldMeta per field (src/sync/merge.ts); storing that as-is repeated the writer's user and
// device id in every field, and that jsonb was half the cost of inserting a record. Stored instead:
//
//   { "d": [v, by, dev],                 the meta most fields share (a create: every field), optional
//     "f": { field: [v, by, dev] | 0 } } fields whose meta differs from "d"; 0 = the field has no meta
//
// Fields of `data` not named in "f" have the meta "d". The merge's view is rebuilt exactly: decode
// (encode(meta, values), values) equals meta for every meta and values (tests/unit/fieldVersions.test.ts).
import type { FieldMeta } from '../../sync/merge';

export type StoredMeta = [v: number, by: string, dev: string];

export interface StoredFieldVersions {
  d?: StoredMeta;
  f?: Record<string, StoredMeta | 0>;
}

const same = (m: FieldMeta, s: StoredMeta) => m.v === s[0] && m.by === s[1] && m.dev === s[2];

/** The stored form of `meta` for a record whose merge fields are `values`. */
export function encodeFieldVersions(meta: Record<string, FieldMeta>, values: Record<string, unknown>): StoredFieldVersions {
  // Fast path, the common case (a create; an update by the record's only writer): every field of
  // `data` has the same meta and there is none for other fields. Same answer as below, without
  // building a key string per field (that was most of the cost of encoding a batch of creates).
  const uniform = uniformMeta(meta, values);
  if (uniform) return { d: [uniform.v, uniform.by, uniform.dev] };
  // The default is the meta most fields of `data` share.
  const counts = new Map<string, { n: number; m: FieldMeta }>();
  let best: { n: number; m: FieldMeta } | undefined;
  for (const field of Object.keys(values)) {
    const m = meta[field];
    if (m === undefined) continue;
    const key = `${m.v}\u0000${m.by}\u0000${m.dev}`;
    const c = counts.get(key) ?? { n: 0, m };
    c.n++;
    counts.set(key, c);
    if (!best || c.n > best.n) best = c;
  }
  const d: StoredMeta | undefined = best ? [best.m.v, best.m.by, best.m.dev] : undefined;
  const f: Record<string, StoredMeta | 0> = {};
  let overrides = false;
  for (const field of Object.keys(values)) {
    const m = meta[field];
    if (m === undefined) {
      if (d) {
        f[field] = 0;
        overrides = true;
      }
    } else if (!d || !same(m, d)) {
      f[field] = [m.v, m.by, m.dev];
      overrides = true;
    }
  }
  // Meta of a field that is not (or no longer) in `data`: kept as it was.
  for (const [field, m] of Object.entries(meta)) {
    if (!Object.hasOwn(values, field)) {
      f[field] = [m.v, m.by, m.dev];
      overrides = true;
    }
  }
  return { ...(d ? { d } : {}), ...(overrides ? { f } : {}) };
}

/** The one meta every field of `values` has, when that is so and `meta` names no other field. */
function uniformMeta(meta: Record<string, FieldMeta>, values: Record<string, unknown>): FieldMeta | undefined {
  let first: FieldMeta | undefined;
  let n = 0;
  for (const field of Object.keys(values)) {
    const m = meta[field];
    if (m === undefined || !Object.hasOwn(meta, field)) return undefined;
    if (!first) first = m;
    else if (m.v !== first.v || m.by !== first.by || m.dev !== first.dev) return undefined;
    n++;
  }
  return first && Object.keys(meta).length === n ? first : undefined;
}

/** The merge's per-field meta of a stored record. */
export function decodeFieldVersions(stored: StoredFieldVersions, values: Record<string, unknown>): Record<string, FieldMeta> {
  const meta: Record<string, FieldMeta> = {};
  const { d, f = {} } = stored;
  for (const field of Object.keys(values)) {
    if (Object.hasOwn(f, field)) continue;
    if (d) meta[field] = { v: d[0], by: d[1], dev: d[2] };
  }
  for (const [field, s] of Object.entries(f)) {
    if (s !== 0) meta[field] = { v: s[0], by: s[1], dev: s[2] };
  }
  return meta;
}
