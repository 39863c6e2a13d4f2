import { IonContent, IonPage, useIonRouter, useIonToast } from '@ionic/react';
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useParams } from 'react-router-dom';
import { roles, scopedByGemeenten, type Role } from '../../domain/permissions';
import type { Area } from '../../domain/area';
import {
  AdminError,
  createUser,
  listSchools,
  listUsers,
  resetPassword,
  resetSecondFactor,
  revokeDevice,
  updateUser,
  type Activation,
  type AdminDevice,
  type AdminSchool,
  type AdminUser,
  type UserChanges,
} from '../admin/api';
import { roleLabels } from '../admin/labels';
import { RemoteView } from '../admin/RemoteView';
import { invalidate, useRemote } from '../admin/useRemote';
import { useSession } from '../auth/session';
import { belowHeader } from '../components/belowHeader';
import { ChecksField, ChoiceField, TextField } from '../components/fields';
import { FormBody } from '../components/FormShell';
import { db } from '../db/db';
import { PageHeader } from '../components/PageHeader';
import { DeviceDetails } from '../components/DeviceDetails';
import { deviceLabel, RevokeDevice } from '../components/RevokeDevice';
import { deviceCode } from '../../domain/device';
import '../admin/admin.css';
import { formatDate, formatDateTime } from '../i18n/format';

const LIST = '/beheer/gebruikers';

async function load(): Promise<{ users: AdminUser[]; schools: AdminSchool[] }> {
  const [users, schools] = await Promise.all([listUsers(), listSchools()]);
  return { users, schools };
}

/** /beheer/gebruikers/:id and /beheer/gebruikers/nieuw: one user, their schools and devices. Online only. */
export default function UserFormPage() {
  const { id } = useParams();
  const isNew = id === 'nieuw';
  const remote = useRemote('users', load);
  const title = isNew ? 'Nieuwe gebruiker' : 'Gebruiker';
  // After a create or a password reset: the code, shown once, until the beheerder goes on.
  const [handOut, setHandOut] = useState<{ username: string; name: string; activation: Activation } | null>(null);
  return (
    <IonPage>
      <PageHeader title={title} back={LIST} />
      <IonContent className="ion-padding">
        <RemoteView remote={remote} loading="Gebruiker laden…">
          {({ users, schools }) => {
            const user = isNew ? undefined : users.find((u) => u.id === id);
            if (!isNew && !user) {
              return (
                <p className="empty" role="status">
                  Deze gebruiker bestaat niet (meer). <a href={LIST}>Naar de gebruikers</a>
                </p>
              );
            }
            if (handOut) return <ActivationCode {...handOut} />;
            return (
              <>
                <UserForm key={user?.id ?? 'nieuw'} user={user} schools={schools} onCreated={setHandOut} />
                {user && <Access user={user} onReset={setHandOut} />}
                {user && <Devices user={user} />}
              </>
            );
          }}
        </RemoteView>
      </IonContent>
    </IonPage>
  );
}

interface Values {
  name: string;
  username: string;
  role: Role | '';
  schoolIds: string[];
  gemeenteIds: string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function UserForm({
  user,
  schools,
  onCreated,
}: {
  user: AdminUser | undefined;
  schools: AdminSchool[];
  onCreated: (h: { username: string; name: string; activation: Activation }) => void;
}) {
  const session = useSession();
  const router = useIonRouter();
  const [toast] = useIonToast();
  const [v, setValues] = useState<Values>({
    name: user?.name ?? '',
    username: user?.username ?? '',
    role: user?.role ?? '',
    schoolIds: user?.schoolIds ?? [],
    gemeenteIds: user?.gemeenteIds ?? [],
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const self = user !== undefined && user.id === session?.user.id;
  // A leerplichtambtenaar works for gemeenten, not schools: their schools are the schools there.
  const byGemeente = !!v.role && scopedByGemeenten(v.role);
  // The beheerder's log-in carries every area of the region (auth/users.ts areasOf).
  const gemeenten = (session?.user.areas ?? []).filter((a: Area) => a.kind === 'gemeente');
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setValues((old) => ({ ...old, [k]: value }));

  function localErrors(): Record<string, string> {
    const e: Record<string, string> = {};
    if (!v.name.trim()) e.name = 'Vul een naam in';
    if (!user && !v.username.trim()) e.username = 'Vul een gebruikersnaam in';
    if (!v.role) e.role = 'Kies een rol';
    if (byGemeente && v.gemeenteIds.length === 0) e.gemeenteIds = 'Kies minstens één gemeente voor een leerplichtambtenaar';
    return e;
  }

  async function submit() {
    const local = localErrors();
    if (Object.keys(local).length) return setErrors(local);
    setSaving(true);
    try {
      if (user) {
        const changes: UserChanges = {};
        if (v.name.trim() !== user.name) changes.name = v.name.trim();
        if (v.role && v.role !== user.role) changes.role = v.role;
        if (!byGemeente && !sameSet(v.schoolIds, user.schoolIds)) changes.schoolIds = v.schoolIds;
        if (byGemeente && !sameSet(v.gemeenteIds, user.gemeenteIds)) changes.gemeenteIds = v.gemeenteIds;
        if (Object.keys(changes).length > 0) await updateUser(user.id, changes);
        setErrors({});
        invalidate('users');
        void toast({ message: 'Gebruiker opgeslagen', duration: 2500, position: 'top', positionAnchor: belowHeader() });
        router.push(LIST, 'back', 'replace');
      } else {
        const made = await createUser({
          name: v.name.trim(),
          username: v.username.trim(),
          role: v.role as Role,
          ...(byGemeente ? { schoolIds: [], gemeenteIds: v.gemeenteIds } : { schoolIds: v.schoolIds }),
        });
        setErrors({});
        invalidate('users');
        onCreated({ username: made.user.username, name: made.user.name, activation: made.activation });
      }
    } catch (err) {
      if (err instanceof AdminError) {
        const fields = { ...err.fields };
        // A message that belongs to no field of this form is shown in the summary.
        const known = ['name', 'username', 'role', 'schoolIds', 'gemeenteIds'];
        if (!Object.keys(fields).some((k) => known.includes(k))) fields._ = err.message;
        setErrors(fields);
      } else {
        setErrors({ _: `Opslaan is niet gelukt: ${String(err)}` });
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <FormBody
      errors={errors}
      onSubmit={() => void submit()}
      saving={saving}
      submitLabel={user ? 'Opslaan' : 'Gebruiker toevoegen'}
      label={user ? `Gegevens van ${user.name}` : 'Nieuwe gebruiker'}
      footer={
        !user && <p className="field-hint">Je kiest geen wachtwoord: na het toevoegen krijg je een activeringscode voor de gebruiker.</p>
      }
    >
      <TextField name="name" label="Naam" required value={v.name} onChange={(x) => set('name', x)} error={errors.name} autoComplete="off" />
      {user ? (
        <dl className="facts">
          <dt>Gebruikersnaam</dt>
          <dd>{user.username}</dd>
          <dt>Sinds</dt>
          <dd>{formatDate(user.createdAt)}</dd>
        </dl>
      ) : (
        <TextField
          name="username"
          label="Gebruikersnaam"
          required
          value={v.username}
          onChange={(x) => set('username', x.toLowerCase())}
          error={errors.username}
          hint="Kleine letters, cijfers, punt of streepje; kan later niet meer veranderen."
        />
      )}
      {self ? (
        <div className="field">
          <p className="field-label">Rol</p>
          <p>{roleLabels[user.role]}</p>
          <p className="field-hint">Je kunt je eigen rol niet wijzigen; vraag een andere beheerder.</p>
        </div>
      ) : (
        <ChoiceField
          name="role"
          label="Rol"
          required
          value={v.role}
          onChange={(x) => set('role', x as Role)}
          options={roles.map((r) => [r, roleLabels[r]] as const)}
          error={errors.role}
        />
      )}
      {byGemeente ? (
        <ChecksField
          name="gemeenteIds"
          label="Gemeenten"
          required
          hint="Een leerplichtambtenaar werkt voor de scholen in deze gemeenten."
          values={v.gemeenteIds}
          onChange={(x) => set('gemeenteIds', x)}
          options={gemeenten.map((g) => [g.id, g.name, schoolsIn(g, schools)] as const)}
          error={errors.gemeenteIds}
        />
      ) : (
        <ChecksField
          name="schoolIds"
          label="Scholen"
          required
          hint="Een jeugdprofessional of intern begeleider heeft minstens één school."
          values={v.schoolIds}
          onChange={(x) => set('schoolIds', x)}
          options={schools.map((s) => [s.id, s.name, s.place ?? undefined] as const)}
          error={errors.schoolIds}
        />
      )}
    </FormBody>
  );
}

/** Which schools a gemeente brings, so the beheerder sees what the choice means. */
function schoolsIn(gemeente: Area, schools: readonly AdminSchool[]): string {
  const names = schools.filter((s) => s.gemeenteId === gemeente.id).map((s) => s.name);
  if (names.length === 0) return 'nog geen scholen';
  return names.length === 1 ? `1 school: ${names[0]}` : `${names.length} scholen: ${names.join(', ')}`;
}

/** The code and link for the user, shown once: the service keeps only a hash of it. */
function ActivationCode({ username, name, activation }: { username: string; name: string; activation: Activation }) {
  const router = useIonRouter();
  const link = `${location.origin}/activeren#gebruiker=${encodeURIComponent(username)}&code=${activation.code}`;
  return (
    <section className="activation-code" aria-labelledby="activation-title">
      <h2 id="activation-title">Activeringscode voor {name}</h2>
      <p role="status">
        Geef {name} deze code of link. Met de code kiest {name} zelf een wachtwoord; jij kent dat wachtwoord niet. De code werkt één keer,
        tot {formatDateTime(activation.expiresAt)}. Je ziet hem alleen nu.
      </p>
      <dl className="facts">
        <dt>Gebruikersnaam</dt>
        <dd>{username}</dd>
        <dt>Activeringscode</dt>
        <dd className="code">{activation.code}</dd>
        <dt>Link</dt>
        <dd className="code">{link}</dd>
      </dl>
      <button type="button" className="primary-button" onClick={() => router.push(LIST, 'back', 'replace')}>
        Klaar, naar de gebruikers
      </button>
    </section>
  );
}

/** Password and second factor: reset by the beheerder, never chosen or seen by them. */
function Access({ user, onReset }: { user: AdminUser; onReset: (h: { username: string; name: string; activation: Activation }) => void }) {
  const session = useSession();
  const [confirming, setConfirming] = useState<'password' | 'factor' | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const self = session?.user.id === user.id;
  const factor =
    user.secondFactor.passkeys > 0
      ? `toegangssleutel (${user.secondFactor.passkeys})${user.secondFactor.totp ? ' en app voor inlogcodes' : ''}`
      : user.secondFactor.totp
        ? 'app voor inlogcodes'
        : 'nog niet ingesteld';

  async function reset(which: 'password' | 'factor') {
    setBusy(true);
    setError(null);
    try {
      if (which === 'password') {
        const done = await resetPassword(user.id);
        invalidate('users');
        onReset({ username: user.username, name: user.name, activation: done.activation });
      } else {
        await resetSecondFactor(user.id);
        invalidate('users');
        setStatus(`De tweede stap van ${user.name} is hersteld. Bij de volgende keer inloggen stelt ${user.name} een nieuwe in.`);
      }
      setConfirming(null);
    } catch (e) {
      setError(e instanceof AdminError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="access-title" className="admin-access">
      <h2 id="access-title">Wachtwoord en tweede stap</h2>
      <dl className="facts">
        <dt>Wachtwoord</dt>
        <dd>
          {user.activated
            ? 'Gekozen door de gebruiker'
            : user.activationExpiresAt
              ? `Wacht op activering (code geldig tot ${formatDateTime(user.activationExpiresAt)})`
              : 'Activeringscode verlopen: herstel het wachtwoord voor een nieuwe'}
        </dd>
        <dt>Tweede stap</dt>
        <dd>{factor}</dd>
      </dl>
      <p role="status" className="result-count">
        {status}
      </p>
      {error && (
        <p className="field-error" role="alert">
          Herstellen is niet gelukt: {error}
        </p>
      )}
      {confirming ? (
        <div className="confirm" role="group" aria-label="Bevestigen">
          <p>
            {confirming === 'password'
              ? `${user.name} wordt meteen op elk toestel uitgelogd en het huidige wachtwoord werkt niet meer. Je krijgt een nieuwe activeringscode.`
              : `${user.name} stelt bij de volgende keer inloggen een nieuwe toegangssleutel of app voor inlogcodes in. Trek een verloren toestel ook in.`}
          </p>
          <button type="button" className="primary-button danger" disabled={busy} onClick={() => void reset(confirming)}>
            {confirming === 'password' ? 'Ja, wachtwoord herstellen' : 'Ja, tweede stap herstellen'}
          </button>
          <button type="button" className="secondary-button" onClick={() => setConfirming(null)}>
            Annuleren
          </button>
        </div>
      ) : (
        <div className="form-actions">
          {!self && (
            <button type="button" className="secondary-button" onClick={() => setConfirming('password')}>
              Wachtwoord herstellen
            </button>
          )}
          <button type="button" className="secondary-button" onClick={() => setConfirming('factor')}>
            Tweede stap herstellen
          </button>
        </div>
      )}
    </section>
  );
}

function Devices({ user }: { user: AdminUser }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const session = useSession();
  const thisDevice = useLiveQuery(async () => ((await db.meta.get('deviceId'))?.value as string | undefined) ?? null, []);

  async function revoke(d: AdminDevice) {
    setBusy(true);
    setError(null);
    try {
      await revokeDevice(d.id, user.id);
      setConfirming(null);
      setStatus(`${deviceLabel(d.name, deviceCode(d.id))} is ingetrokken.`);
      invalidate('users');
    } catch (e) {
      setError(e instanceof AdminError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="devices-title" className="admin-devices">
      <h2 id="devices-title">Toestellen</h2>
      <p role="status" className="result-count">
        {status}
      </p>
      {error && (
        <p className="field-error" role="alert">
          Intrekken is niet gelukt: {error}
        </p>
      )}
      {user.devices.length === 0 ? (
        <p className="empty">{user.name} heeft nog op geen enkel toestel ingelogd.</p>
      ) : (
        <ul className="record-list">
          {user.devices.map((d) => {
            const mine = session?.user.id === user.id && d.id === thisDevice;
            return (
              <li key={d.id} className={`record-item device${d.revokedAt ? ' is-archived' : ''}`}>
                <DeviceDetails device={d} current={mine} />
                {!d.revokedAt && !mine && (
                  <RevokeDevice
                    name={d.name}
                    code={deviceCode(d.id)}
                    confirming={confirming === d.id}
                    onConfirming={(open) => setConfirming(open ? d.id : null)}
                    onRevoke={() => void revoke(d)}
                    busy={busy}
                  >
                    Wat op dit toestel nog niet gesynchroniseerd is, gaat verloren. Het toestel wordt buitengesloten zodra het weer contact
                    maakt met de centrale dienst en wist dan zijn gegevens; {user.name} kan daarna opnieuw inloggen, ook op hetzelfde
                    toestel.
                  </RevokeDevice>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
