import { dateInAmsterdam, openMeldcodeStep, type Meldcode } from '../../domain';
import { formatDate } from '../i18n/format';
import { meldcodeOutcomeLabels } from '../i18n/nl';

/** "Stap 3 van 5 open sinds wo 14 jan 2026", or how the trajectory ended. */
export function meldcodeProgressText(m: Meldcode, today = dateInAmsterdam(new Date())): string {
  if (m.closedDate) {
    return `Afgesloten op ${formatDate(m.closedDate)}${m.outcome ? `: ${meldcodeOutcomeLabels[m.outcome].toLowerCase()}` : ''}`;
  }
  const open = openMeldcodeStep(m, today);
  if (!open) return 'Alle stappen gezet; sluit het traject af';
  return `Stap ${open.step} van 5 open sinds ${formatDate(open.openSince)}`;
}

export function MeldcodeProgress({ meldcode }: { meldcode: Meldcode }) {
  return <p className="meldcode-progress">{meldcodeProgressText(meldcode)}</p>;
}
