import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { db } from '../db/db';
import { PageHeader } from '../components/PageHeader';
import { RecordItem } from '../components/RecordItem';

export default function ConsultationsPage() {
  const items = useLiveQuery(async () => {
    const rows = await db.consultations.orderBy('date').reverse().limit(300).toArray();
    return rows.filter((r) => !r.deleted).map((record) => ({ kind: 'consultation' as const, record }));
  }, []);
  return (
    <IonPage>
      <PageHeader title="Consultaties" />
      <IonContent className="ion-padding">
        <Link className="primary-button block" to="/consultatie/nieuw">
          + Nieuwe consultatie
        </Link>
        {items === undefined ? (
          <p role="status">Laden…</p>
        ) : items.length === 0 ? (
          <p className="empty">Nog geen consultaties. Leg een korte consultatie vast met een IB'er, leerkracht of ouder, met of zonder naam van de leerling.</p>
        ) : (
          <ul className="record-list" aria-label="Consultaties, nieuwste eerst">
            {items.map((item) => (
              <RecordItem key={item.record.id} item={item} />
            ))}
          </ul>
        )}
      </IonContent>
    </IonPage>
  );
}
