import { Link } from 'react-router-dom';
import type { EntityName } from '../../../domain';
import { entityLabels, waitingText } from '../../i18n/nl';
import { TodaySection } from './TodaySection';

/** Where a record with a conflict is opened. */
const recordPaths: Record<EntityName, (id: string) => string> = {
  pupil: (id) => `/leerlingen/${id}/wijzigen`,
  signal: (id) => `/signaal/${id}`,
  contact: (id) => `/contactmoment/${id}`,
  consultation: (id) => `/consultatie/${id}`,
  meldcode: (id) => `/meldcode/${id}`,
  consultationRequest: (id) => `/vragen/${id}`,
  consultationNote: () => '/consultaties',
  contactPerson: (id) => `/contactpersonen/${id}`,
  consent: () => '/leerlingen',
  family: (id) => `/gezin/${id}`,
  absence: (id) => `/verzuim/record/${id}`,
  verzuimroute: (id) => `/verzuim/record/${id}`,
  mdoMeeting: (id) => `/mdo/${id}`,
  mdoItem: () => '/mdo',
  mdoAgreement: () => '/mdo',
  wachtlijst: () => '/leerlingen',
};

/** Records with a conflict to resolve, and how many changes wait for sync. */
export function SyncSection({
  conflicts,
  waiting,
}: {
  conflicts: { entity: EntityName; recordId: string; fields: number }[] | undefined;
  waiting: number | undefined;
}) {
  return (
    <TodaySection id="sync" title="Conflicten en synchronisatie" loading={conflicts === undefined || waiting === undefined} empty={null}>
      {conflicts?.length === 0 ? (
        <p className="empty">Geen conflicten om op te lossen.</p>
      ) : (
        <ul className="record-list" aria-label="Conflicten om op te lossen">
          {conflicts?.map((c) => (
            <li key={c.recordId} className="record-item">
              <Link to={recordPaths[c.entity](c.recordId)} className="record-link">
                <span className="record-title">{entityLabels[c.entity]}</span>
                <span className="record-extra">{c.fields === 1 ? '1 veld: kies een waarde' : `${c.fields} velden: kies een waarde`}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {waiting !== undefined && (
        <p className={waiting > 0 ? 'record-extra' : 'empty'}>
          {waiting > 0 ? `${waitingText(waiting)}. Dat gebeurt vanzelf zodra er verbinding is.` : 'Niets wacht op synchronisatie.'}
        </p>
      )}
    </TodaySection>
  );
}
