import * as z from 'zod/mini';
import { containsBsn, isDigitsOnly } from './rules';
import { storable } from './input';

export { storable } from './input';

const noBsn = z.refine<string>((v) => !containsBsn(v), {
  error: 'Dit lijkt op een BSN. Noteer nooit een BSN; gebruik initialen of een roepnaam.',
});

/** Free text about a pupil: trimmed, bounded, never a BSN. */
export function freeText(opts: { min: number; max: number; empty: string }) {
  return z
    .string({ error: opts.empty })
    .check(z.trim(), z.minLength(opts.min, opts.empty), z.maxLength(opts.max, `Maximaal ${opts.max} tekens`), storable, noBsn);
}

/** Optional free text: may be empty, otherwise the same rules. */
export function optionalText(max: number) {
  return z.string().check(z.trim(), z.maxLength(max, `Maximaal ${max} tekens`), storable, noBsn);
}

/** Name-like field (initials, roepnaam): never digits only, so never a BSN or a number. */
export function nameText(opts: { max: number; empty: string }) {
  return z.string({ error: opts.empty }).check(
    z.trim(),
    z.minLength(1, opts.empty),
    z.maxLength(opts.max, `Maximaal ${opts.max} tekens`),
    storable,
    z.refine<string>((v) => v === '' || !isDigitsOnly(v), {
      error: 'Alleen cijfers is niet toegestaan. Noteer initialen of een roepnaam, nooit een BSN.',
    }),
  );
}
