import { IonContent, IonPage } from '@ionic/react';
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../db/db';
import { PageHeader } from '../components/PageHeader';
import { formatBytes } from '../format';
import { requestPersistence, type StorageState } from '../storage';
import { waitingText } from '../i18n/nl';

export default function SettingsPage() {
  const [storage, setStorage] = useState<StorageState | null>(null);
  const counts = useLiveQuery(async () => ({
    pupils: await db.pupils.count(),
    signals: await db.signals.count(),
    contacts: await db.contacts.count(),
    consultations: await db.consultations.count(),
    outbox: await db.outbox.count(),
  }));

  useEffect(() => {
    void requestPersistence().then(setStorage);
  }, []);

  return (
    <IonPage>
      <PageHeader title="Instellingen" back="/vandaag" />
      <IonContent className="ion-padding">
        <section aria-labelledby="storage-title">
          <h2 id="storage-title">Opslag op dit toestel</h2>
          {storage === null ? (
            <p role="status">Opslag controleren…</p>
          ) : (
            <dl className="facts">
              <dt>Blijvende opslag</dt>
              <dd data-testid="persisted">
                {storage.persisted === null
                  ? 'Niet beschikbaar in deze browser'
                  : storage.persisted
                    ? 'Ja: de browser wist je gegevens niet zomaar'
                    : 'Nee: de browser kan gegevens wissen bij weinig ruimte. Installeer de app op je beginscherm.'}
              </dd>
              <dt>Gebruikt</dt>
              <dd data-testid="usage">
                {storage.usage === null ? 'Onbekend' : `${formatBytes(storage.usage)} van ${formatBytes(storage.quota ?? 0)}`}
              </dd>
            </dl>
          )}
        </section>
        <section aria-labelledby="data-title">
          <h2 id="data-title">Gegevens</h2>
          {counts && (
            <dl className="facts">
              <dt>Leerlingen</dt>
              <dd>{counts.pupils}</dd>
              <dt>Signalen</dt>
              <dd>{counts.signals}</dd>
              <dt>Contactmomenten</dt>
              <dd>{counts.contacts}</dd>
              <dt>Consultaties</dt>
              <dd>{counts.consultations}</dd>
              <dt>Synchronisatie</dt>
              <dd>{waitingText(counts.outbox)}</dd>
            </dl>
          )}
        </section>
        <section aria-labelledby="about-title">
          <h2 id="about-title">Over Schoolnabij</h2>
          <p>Versie {import.meta.env.VITE_APP_VERSION ?? '0.1.0'}. Alles wat je vastlegt wordt eerst op dit toestel bewaard en later met de centrale dienst gesynchroniseerd.</p>
        </section>
      </IonContent>
    </IonPage>
  );
}
