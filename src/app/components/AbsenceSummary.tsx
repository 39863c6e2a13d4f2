import { format, parseISO } from 'date-fns';
import { nl } from 'date-fns/locale/nl';
import { absenceStatus, dateInAmsterdam, type AbsenceFields } from '../../domain';
import { absenceKindLabels } from '../i18n/nl';

/** "12 oktober", with the year when it is not this year's. */
export function absenceSinceText(since: string, today: string): string {
  return format(parseISO(since), since.slice(0, 4) === today.slice(0, 4) ? 'd MMMM' : 'd MMMM yyyy', { locale: nl });
}

export function daysText(n: number): string {
  return n === 1 ? '1 dag' : `${n} dagen`;
}

/**
 * The pupil's absence on the pupil page: since when and how many days, the thuiszitter flag (the
 * 28-day rule of absence.ts) and whether leerplicht is involved.
 */
export function AbsenceSummary({ pupil }: { pupil: AbsenceFields }) {
  const today = dateInAmsterdam(new Date());
  const status = absenceStatus(pupil, today);
  if (!status) return null;
  return (
    <section className={`absence-summary${status.thuiszitter ? ' is-thuiszitter' : ''}`} aria-labelledby="absence-title">
      <h2 id="absence-title">
        {absenceKindLabels[status.kind]}
        {status.thuiszitter && status.kind !== 'thuiszitter' && <span className="badge badge-thuiszitter">Thuiszitter</span>}
        {status.thuiszitter && status.kind === 'thuiszitter' && <span className="visually-hidden"> (zonder vrijstelling)</span>}
      </h2>
      <p className="absence-days">
        Afwezig sinds {absenceSinceText(status.since, today)}: {daysText(status.daysAbsent)}
      </p>
      {status.thuiszitter && (
        <p className="absence-flag">
          <strong>Thuiszitter</strong>:{' '}
          {status.kind === 'thuiszitter' ? 'thuis zonder vrijstelling.' : 'langer dan 4 weken afwezig zonder vrijstelling.'}
        </p>
      )}
      {status.exemption && <p>Er is een vrijstelling.</p>}
      {status.leerplichtInvolved ? (
        <p className="absence-leerplicht is-ok">Leerplicht is betrokken</p>
      ) : (
        <p className={`absence-leerplicht${status.leerplichtNeeded ? ' is-warning' : ''}`}>Leerplicht is nog niet betrokken</p>
      )}
    </section>
  );
}

/** A small chip for lists: Thuiszitter (flagged by the clock or by hand) or Verzuim. */
export function AbsenceChip({ pupil, today }: { pupil: AbsenceFields; today: string }) {
  const status = absenceStatus(pupil, today);
  if (!status) return null;
  return status.thuiszitter ? (
    <span className="badge badge-thuiszitter">Thuiszitter</span>
  ) : (
    <span className="badge badge-verzuim">Verzuim</span>
  );
}
