import { IonContent, IonPage } from '@ionic/react';
import { useEffect, useState } from 'react';
import { regionWaitingResponseSchema, type RegionWaitingResponse } from '../../sync/api/wachtlijst';
import { apiRequest } from '../api/client';
import { useSession } from '../auth/session';
import { PageHeader } from '../components/PageHeader';
import { SelectField } from '../components/fields';
import { useOnline } from '../components/useOnline';
import { careKindLabels } from '../i18n/nl';
import { formatDay } from '../i18n/format';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; data: RegionWaitingResponse };

const weeks = (n: number) => (n === 1 ? '1 week' : `${n} weken`);

/**
 * /wachtlijst (coordinator): every pupil of the region waiting for care, anonymised, for the
 * consultatie- en adviesteam. No pupil and no name: school, gemeente, kind of care, weeks, overbrugging.
 * Online only, like the kengetallen.
 */
export default function RegionWachtlijstPage() {
  const session = useSession();
  const online = useOnline();
  const [gemeente, setGemeente] = useState('');
  const [state, setState] = useState<State>({ kind: 'loading' });
  const gemeenten = (session?.user.areas ?? []).filter((a) => a.kind === 'gemeente');

  useEffect(() => {
    if (!online) return;
    let live = true;
    setState({ kind: 'loading' });
    apiRequest(regionWaitingResponseSchema, 'GET', `/api/wachtlijst/regio${gemeente ? `?gemeente=${gemeente}` : ''}`)
      .then((data) => live && setState({ kind: 'ready', data }))
      .catch((e: unknown) => live && setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
  }, [gemeente, online]);

  const data = state.kind === 'ready' ? state.data : null;
  return (
    <IonPage>
      <PageHeader title="Wachtlijst van de regio" back="/kengetallen" />
      <IonContent className="ion-padding">
        <p>
          Voor het consultatie- en adviesteam: alle leerlingen in de regio die op zorg wachten, zonder naam. Per leerling de school, de
          soort zorg, hoe lang al en of er iets is dat de tijd overbrugt.
        </p>
        {gemeenten.length > 1 && (
          <SelectField
            name="wachtlijst-gemeente"
            label="Gemeente"
            value={gemeente}
            onChange={setGemeente}
            options={[['', 'Alle gemeenten'] as const, ...gemeenten.map((g) => [g.id, g.name] as const)]}
          />
        )}
        {!online ? (
          <p className="notice" role="status">
            De wachtlijst van de regio is alleen met verbinding te zien.
          </p>
        ) : state.kind === 'loading' ? (
          <p role="status" className="loading">
            Wachtlijst laden…
          </p>
        ) : state.kind === 'error' ? (
          <p className="error-summary" role="alert">
            De wachtlijst kon niet worden geladen: {state.message}
          </p>
        ) : data && data.rows.length === 0 ? (
          <p className="empty">Niemand op de wachtlijst{gemeente ? ' in deze gemeente' : ''}.</p>
        ) : (
          data && (
            <>
              <p role="status">
                {data.rows.length === 1 ? '1 leerling wacht' : `${data.rows.length} leerlingen wachten`} op zorg (stand{' '}
                {formatDay(data.referenceDate)}). {data.rows.filter((r) => r.weeksWaiting > data.warnWeeks).length} langer dan{' '}
                {weeks(data.warnWeeks)}, {data.rows.filter((r) => !r.overbrugging).length} zonder overbrugging.
              </p>
              <ul className="record-list" aria-label="Wachtende leerlingen, langst wachtend eerst">
                {data.rows.map((r, i) => (
                  <li key={i} className="record-item">
                    <p className="record-title">
                      {r.school}
                      {r.gemeente ? ` · ${r.gemeente}` : ''}
                    </p>
                    <p>
                      {careKindLabels[r.careKind]}: wacht {weeks(r.weeksWaiting)}
                      {r.weeksWaiting > data.warnWeeks && <span className="badge is-warning"> Langer dan {weeks(data.warnWeeks)}</span>}
                    </p>
                    <p>{r.overbrugging ? 'Met overbrugging' : 'Geen overbrugging'}</p>
                  </li>
                ))}
              </ul>
            </>
          )
        )}
      </IonContent>
    </IonPage>
  );
}
