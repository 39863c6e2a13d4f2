import { IonContent, IonPage } from '@ionic/react';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { listSchools, listUsers, type AdminSchool, type AdminUser } from '../admin/api';
import { roleLabels } from '../admin/labels';
import { LockSetting } from '../admin/LockSetting';
import { BreakGlassSetting } from '../admin/BreakGlassSetting';
import { VerzuimSetting } from '../admin/VerzuimSetting';
import { RemoteView } from '../admin/RemoteView';
import { useRemote } from '../admin/useRemote';
import { TextField } from '../components/fields';
import { PageHeader } from '../components/PageHeader';
import '../admin/admin.css';

async function load(): Promise<{ users: AdminUser[]; schools: AdminSchool[] }> {
  const [users, schools] = await Promise.all([listUsers(), listSchools()]);
  return { users, schools };
}

function matches(user: AdminUser, query: string, schoolNames: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [user.name, user.username, roleLabels[user.role], schoolNames].some((t) => t.toLowerCase().includes(q));
}

const devicesText = (n: number) => (n === 0 ? 'geen actief toestel' : n === 1 ? '1 actief toestel' : `${n} actieve toestellen`);

/** /beheer/gebruikers: the beheerder's list of users, online only. */
export default function UsersPage() {
  const remote = useRemote('users', load);
  const [query, setQuery] = useState('');

  return (
    <IonPage>
      <PageHeader title="Gebruikers" />
      <IonContent className="ion-padding">
        <Link className="primary-button block" to="/beheer/gebruikers/nieuw">
          + Gebruiker toevoegen
        </Link>
        <RemoteView remote={remote} loading="Gebruikers laden…">
          {({ users, schools }) => {
            const schoolName = new Map(schools.map((s) => [s.id, s.name]));
            const namesOf = (u: AdminUser) => u.schoolIds.map((id) => schoolName.get(id) ?? 'Onbekende school').join(', ');
            const shown = users.filter((u) => matches(u, query, namesOf(u)));
            return (
              <>
                <div className="filters" role="search">
                  <TextField
                    name="zoek"
                    label="Zoek op naam, gebruikersnaam, rol of school"
                    type="search"
                    required
                    value={query}
                    onChange={setQuery}
                  />
                </div>
                <p className="result-count" role="status">
                  {shown.length === 0
                    ? query
                      ? 'Geen gebruikers gevonden met deze zoekopdracht.'
                      : 'Nog geen gebruikers.'
                    : shown.length === 1
                      ? '1 gebruiker'
                      : `${shown.length} gebruikers`}
                </p>
                <ul className="record-list user-list">
                  {shown.map((u) => {
                    const active = u.devices.filter((d) => !d.revokedAt).length;
                    return (
                      <li key={u.id} className="record-item">
                        <Link to={`/beheer/gebruikers/${u.id}`} className="record-link">
                          <span className="record-title">{u.name}</span>
                          <span className="record-meta">
                            <span>{u.username}</span>
                            <span aria-hidden="true">·</span>
                            <span className="badge">{roleLabels[u.role]}</span>
                          </span>
                          <span className="record-meta">{namesOf(u) || 'Geen school'}</span>
                          <span className="record-meta">{devicesText(active)}</span>
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </>
            );
          }}
        </RemoteView>
        {remote.state === 'ready' && <LockSetting />}
        {remote.state === 'ready' && <VerzuimSetting />}
        {remote.state === 'ready' && <BreakGlassSetting />}
      </IonContent>
    </IonPage>
  );
}
