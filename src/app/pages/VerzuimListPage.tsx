import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link, Navigate, useParams } from 'react-router-dom';
import { routeSteps } from '../../domain';
import { followsLeerplichtRoutes } from '../../domain/permissions';
import { currentSession } from '../auth/session';
import { Loading, NotFound } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { db } from '../db/db';
import { verzuimRows, type VerzuimRow } from '../db/verzuim';
import { formatDate, pupilLabel } from '../i18n/format';
import { routeOutcomeLabels } from '../i18n/nl';

/** The state of a pupil's route in one line: where it stands, or how it ended. */
export function routeStateText(row: Pick<VerzuimRow, 'route' | 'open'>): string {
  const { route, open } = row;
  if (!route) return 'Nog geen route';
  if (route.outcome && route.outcomeDate) return `Afgesloten ${formatDate(route.outcomeDate)}: ${routeOutcomeLabels[route.outcome]}`;
  if (!open) return 'Alle stappen gezet';
  const title = routeSteps.find((s) => s.key === open.step)?.title ?? open.step;
  return `Open: ${title}${open.reminder ? ` (al ${open.daysOpen} dagen)` : ''}`;
}

/**
 * /verzuim — the pupils with verzuim or a route on this device. For a leerplichtambtenaar these are
 * exactly the pupils of their gemeenten whose route involves leerplicht (permissions.ts).
 */
export default function VerzuimListPage() {
  const rows = useLiveQuery(() => verzuimRows(db), []);
  const role = currentSession()?.user.role;
  const leerplicht = !!role && followsLeerplichtRoutes(role);
  const schools = new Map((currentSession()?.user.schools ?? []).map((s) => [s.id, s.name]));
  return (
    <IonPage>
      <PageHeader title="Verzuim" />
      <IonContent className="ion-padding">
        <p className="field-hint">
          {leerplicht
            ? 'Leerlingen van de scholen in jouw gemeente(n) bij wie leerplicht betrokken is.'
            : 'Leerlingen met verzuim of een verzuimroute.'}
        </p>
        {rows === undefined ? (
          <Loading />
        ) : rows.length === 0 ? (
          <p className="empty">
            {leerplicht ? 'Er zijn nog geen leerlingen bij wie leerplicht betrokken is.' : 'Geen leerlingen met verzuim.'}
          </p>
        ) : (
          <ul className="record-list" aria-label="Leerlingen met verzuim">
            {rows.map((row) => (
              <li key={row.pupil.id} className="record-item">
                <Link to={`/verzuim/${row.pupil.id}`} className="record-link">
                  <span className="record-title">{pupilLabel(row.pupil)}</span>
                  <span>{schools.get(row.pupil.schoolId) ?? ''}</span>
                  <span className="record-extra">
                    {row.picture.thuiszitter ? `Thuiszitter sinds ${formatDate(row.picture.absentSince ?? '')} · ` : ''}
                    {routeStateText(row)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </IonContent>
    </IonPage>
  );
}

/** /verzuim/record/:id — a verzuim record (from a conflict or a list) opens its pupil's route page. */
export function VerzuimRecordPage() {
  const { id = '' } = useParams();
  const pupilId = useLiveQuery(async () => ((await db.absences.get(id)) ?? (await db.verzuimroutes.get(id)))?.pupilId ?? null, [id]);
  if (pupilId === undefined) return <Loading />;
  if (pupilId === null) return <NotFound what="Verzuim" />;
  return <Navigate to={`/verzuim/${pupilId}`} replace />;
}
