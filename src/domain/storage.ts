/**
 * How each field of an entity is kept in the phone's IndexedDB. Declared beside each schema, typed
 * so that a field added to a schema without a class fails the typecheck.
 *
 * - `sensitive`: encrypted with the device's data key. A query that needs it uses a keyed blind
 *   index (an HMAC of the value, app/perf/derived.ts) or filters in memory after decryption.
 * - `indexSafe`: stored plain, because a query needs it and it says nothing by itself: ids of the
 *   row itself and of its school, timestamps of the sync, bookkeeping. Each use is argued where the
 *   field is classified.
 */
export type StorageClass = 'sensitive' | 'indexSafe';

/** A class for every field of T (optional ones too), and nothing else. */
export type StorageClasses<T> = { readonly [K in keyof T]-?: StorageClass };

/** The names of the sensitive fields of a classification. */
export function sensitiveFields<T>(classes: StorageClasses<T>): (keyof T & string)[] {
  return (Object.keys(classes) as (keyof T & string)[]).filter((k) => classes[k] === 'sensitive');
}
