import type { PreparationCard } from '../../../domain';
import { meldcodeStepTitle } from '../../db/mdo';
import { formatDate } from '../../i18n/format';
import { channelLabels, partyLabels, requestStatusLabels, seriousnessLabels, themeLabels } from '../../i18n/nl';

const label = <T extends string>(labels: Record<T, string>, v: string) => (labels as Record<string, string>)[v] ?? v;

/** One preparation card: the same on the phone and on paper (one page each). */
export function PreparationCardView({ card, headingLevel = 2 }: { card: PreparationCard; headingLevel?: 2 | 3 }) {
  const H = `h${headingLevel}` as 'h2';
  const S = `h${headingLevel + 1}` as 'h3';
  return (
    <section className="mdo-card" aria-label={`Voorbereidingskaart ${card.label}`}>
      <H>{card.label}</H>
      <p>
        <strong>Vraag voor het overleg:</strong> {card.question}
      </p>
      {card.basis === 'meldcode' && <p className="mdo-basis">Gedeeld onder de Meldcode (zonder toestemming).</p>}
      {card.heldBack && (
        <p className="mdo-held" role="note">
          {card.heldBack}
        </p>
      )}
      {card.signals.length > 0 && (
        <>
          <S>Open signalen</S>
          <ul>
            {card.signals.map((s, i) => (
              <li key={i}>
                {formatDate(s.date)}: {themeLabels[s.theme]} ({label(seriousnessLabels, s.seriousness).toLowerCase()})
              </li>
            ))}
          </ul>
        </>
      )}
      {card.contacts.length > 0 && (
        <>
          <S>Recente contacten</S>
          <ul>
            {card.contacts.map((c, i) => (
              <li key={i}>
                {formatDate(c.date)}, {label(partyLabels, c.withWhom).toLowerCase()}, {label(channelLabels, c.channel).toLowerCase()}:{' '}
                {c.summary}
              </li>
            ))}
          </ul>
        </>
      )}
      {card.absence && (
        <>
          <S>Verzuim</S>
          <p>
            {card.absence.daysAbsent} dagen afwezig sinds {formatDate(card.absence.since)}
            {card.absence.thuiszitter ? ' · thuiszitter' : ''}
            {card.absence.leerplichtNeeded ? ' · leerplicht nog niet betrokken' : ''}
          </p>
        </>
      )}
      {card.requests.length > 0 && (
        <>
          <S>Open consultatievragen</S>
          <ul>
            {card.requests.map((r, i) => (
              <li key={i}>
                {themeLabels[r.topic]}: {r.question} ({label(requestStatusLabels, r.status)})
              </li>
            ))}
          </ul>
        </>
      )}
      {card.meldcodeStep !== null && (
        <>
          <S>Meldcode</S>
          <p>
            Open stap {card.meldcodeStep}: {meldcodeStepTitle(card.meldcodeStep)}
          </p>
        </>
      )}
      {card.basis !== 'geen' &&
        card.signals.length + card.contacts.length + card.requests.length === 0 &&
        !card.absence &&
        card.meldcodeStep === null && <p className="empty">Geen open signalen, recente contacten of vragen.</p>}
    </section>
  );
}
