import { IonContent, IonPage } from '@ionic/react';
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { db } from '../db/db';
import { draftEntries } from '../db/draftList';
import { DeviceList } from '../components/DeviceList';
import { PageHeader } from '../components/PageHeader';
import { formatAgo, formatBytes } from '../i18n/format';
import { useSession } from '../auth/session';
import { LogoutChoice } from '../components/LogoutChoice';
import { requestPersistence, type StorageState } from '../db/persistence';
import { entityLabels, waitingText } from '../i18n/nl';

const roleLabels = {
  jeugdprofessional: 'Jeugdprofessional',
  ib: 'Intern begeleider / zorgcoördinator',
  coordinator: 'Coördinator',
  beheerder: 'Functioneel beheerder',
  leerplicht: 'Leerplichtambtenaar',
} as const;

export default function SettingsPage() {
  const session = useSession();
  const rejected = useLiveQuery(() => db.rejected.toArray(), [], []);
  const draftCount = useLiveQuery(async () => (await draftEntries(db)).length, [], 0);
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
        <section aria-labelledby="drafts-title">
          <h2 id="drafts-title">Concepten</h2>
          <p>
            {draftCount === 0
              ? 'Geen onafgemaakte formulieren op dit toestel.'
              : draftCount === 1
                ? '1 onafgemaakt formulier op dit toestel.'
                : `${draftCount} onafgemaakte formulieren op dit toestel.`}
          </p>
          <Link className="secondary-button" to="/concepten">
            Concepten bekijken
          </Link>
        </section>
        {session && (
          <section aria-labelledby="account-title">
            <h2 id="account-title">Account</h2>
            <dl className="facts">
              <dt>Naam</dt>
              <dd>{session.user.name}</dd>
              <dt>Rol</dt>
              <dd>{roleLabels[session.user.role]}</dd>
              <dt>Scholen</dt>
              <dd>{session.user.schools.map((s) => s.name).join(', ') || 'Geen'}</dd>
            </dl>
            <LogoutChoice />
            <h3>Mijn toestellen</h3>
            <DeviceList />
          </section>
        )}
        {rejected.length > 0 && (
          <section aria-labelledby="rejected-title">
            <h2 id="rejected-title">Niet geaccepteerd door de centrale dienst</h2>
            <p>Deze wijzigingen staan nog op dit toestel maar zijn geweigerd. Pas het record aan of neem contact op met je coördinator.</p>
            <ul className="record-list">
              {rejected.map((r) => (
                <li key={r.id} className="record-item">
                  <p className="record-title">
                    {entityLabels[r.entity]} · {formatAgo(r.createdAt)}
                  </p>
                  <p className="field-error">{r.reason}</p>
                </li>
              ))}
            </ul>
          </section>
        )}
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
          <p>
            Versie {import.meta.env.VITE_APP_VERSION ?? '0.1.0'}. Alles wat je vastlegt wordt eerst op dit toestel bewaard en later met de
            centrale dienst gesynchroniseerd.
          </p>
        </section>
      </IonContent>
    </IonPage>
  );
}
