import type { Correction } from '../../domain/record';
import { formatDay } from '../i18n/format';

const decisions: Record<Correction['decision'], string> = { granted: 'toegekend', partly: 'deels toegekend' };

/**
 * The corrections a parent or pupil asked for and the beheerder granted, on the record they are about
 * (docs/rights.md): when, what was asked, the old and the new value. The old value stays visible on
 * purpose: a correction keeps its trail. Nothing when there are none.
 */
export function Corrections({
  record,
  what,
}: {
  record: { id: string; corrections?: Correction[] | undefined };
  /** "dit signaal", "de gegevens van deze leerling". */
  what: string;
}) {
  const list = record.corrections ?? [];
  if (list.length === 0) return null;
  const title = `corrections-${record.id}`;
  return (
    <section className="corrections" aria-labelledby={title}>
      <h2 id={title}>Gecorrigeerd op verzoek</h2>
      <p className="hint">
        Een ouder of de leerling vroeg om een correctie van {what}. De oude waarde blijft hier staan, zodat te zien is wat er veranderde.
        Staat de nieuwe waarde er nog niet in? Pas het dan aan.
      </p>
      <ul>
        {list.map((c, i) => (
          <li key={i}>
            <p>
              <strong>
                {formatDay(c.decidedOn)}: {decisions[c.decision]}
              </strong>
            </p>
            <dl>
              <dt>Gevraagd</dt>
              <dd>{c.what}</dd>
              <dt>Oude waarde</dt>
              <dd>
                <del>{c.oldValue || '—'}</del>
              </dd>
              <dt>Nieuwe waarde</dt>
              <dd>{c.newValue || '—'}</dd>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Gecorrigeerd op 3 december 2026": the last correction, for a card. */
export function correctedLabel(record: { corrections?: Correction[] | undefined }): string | null {
  const last = record.corrections?.at(-1);
  return last ? `Gecorrigeerd op ${formatDay(last.decidedOn)}` : null;
}
