import { IonContent, IonPage, useIonRouter, useIonToast } from '@ionic/react';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useParams } from 'react-router-dom';
import { roles, type Role } from '../../domain/permissions';
import {
  AdminError,
  createUser,
  listSchools,
  listUsers,
  revokeDevice,
  updateUser,
  type AdminDevice,
  type AdminSchool,
  type AdminUser,
  type UserChanges,
} from '../admin/api';
import { passwordPolicy, roleLabels } from '../admin/labels';
import { RemoteView } from '../admin/RemoteView';
import { invalidate, useRemote } from '../admin/useRemote';
import { useSession } from '../auth/session';
import { ChoiceField, FieldScope, TextField, fieldId } from '../components/fields';
import { db } from '../db/db';
import { PageHeader } from '../components/PageHeader';
import { DeviceDetails } from '../components/DeviceDetails';
import { deviceLabel, RevokeDevice } from '../components/RevokeDevice';
import { deviceCode } from '../../domain/device';
import '../admin/admin.css';
import { formatDate } from '../format';

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
            return (
              <>
                <UserForm key={user?.id ?? 'nieuw'} user={user} schools={schools} />
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
  password: string;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function UserForm({ user, schools }: { user: AdminUser | undefined; schools: AdminSchool[] }) {
  const session = useSession();
  const router = useIonRouter();
  const [toast] = useIonToast();
  const [v, setValues] = useState<Values>({
    name: user?.name ?? '',
    username: user?.username ?? '',
    role: user?.role ?? '',
    schoolIds: user?.schoolIds ?? [],
    password: '',
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const scope = useId();
  const self = user !== undefined && user.id === session?.user.id;
  const set = <K extends keyof Values>(k: K, value: Values[K]) => setValues((old) => ({ ...old, [k]: value }));

  useEffect(() => {
    const first = Object.keys(errors)[0];
    if (!first) return;
    // Land on the first field with an error (keyboard and screen reader users), else on the summary.
    const el = document.getElementById(fieldId(scope, first));
    (el ?? summary.current)?.focus();
  }, [errors, scope]);

  function localErrors(): Record<string, string> {
    const e: Record<string, string> = {};
    if (!v.name.trim()) e.name = 'Vul een naam in';
    if (!user && !v.username.trim()) e.username = 'Vul een gebruikersnaam in';
    if (!v.role) e.role = 'Kies een rol';
    if (!user && !v.password) e.password = 'Vul een wachtwoord in';
    return e;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = localErrors();
    if (Object.keys(local).length) return setErrors(local);
    setSaving(true);
    try {
      if (user) {
        const changes: UserChanges = {};
        if (v.name.trim() !== user.name) changes.name = v.name.trim();
        if (v.role && v.role !== user.role) changes.role = v.role;
        if (!sameSet(v.schoolIds, user.schoolIds)) changes.schoolIds = v.schoolIds;
        if (v.password) changes.password = v.password;
        if (Object.keys(changes).length > 0) await updateUser(user.id, changes);
      } else {
        await createUser({ name: v.name.trim(), username: v.username.trim(), role: v.role as Role, schoolIds: v.schoolIds, password: v.password });
      }
      setErrors({});
      invalidate('users');
      void toast({ message: user ? 'Gebruiker opgeslagen' : `Gebruiker ${v.username.trim()} toegevoegd`, duration: 2500, position: 'top' });
      router.push(LIST, 'back', 'replace');
    } catch (err) {
      if (err instanceof AdminError) {
        const fields = { ...err.fields };
        // A message that belongs to no field of this form is shown in the summary.
        const known = ['name', 'username', 'role', 'schoolIds', 'password'];
        if (!Object.keys(fields).some((k) => known.includes(k))) fields._ = err.message;
        setErrors(fields);
      } else {
        setErrors({ _: `Opslaan is niet gelukt: ${String(err)}` });
      }
    } finally {
      setSaving(false);
    }
  }

  const messages = Object.values(errors);
  const schoolsHint = 'Een jeugdprofessional of intern begeleider heeft minstens één school.';
  return (
    <form className="record-form" onSubmit={(e) => void submit(e)} noValidate aria-label={user ? `Gegevens van ${user.name}` : 'Nieuwe gebruiker'}>
      <FieldScope value={scope}>
      <div ref={summary} tabIndex={-1} role="alert" className={messages.length ? 'error-summary' : 'visually-hidden'}>
        {messages.length > 0 && (
          <>
            <p>Controleer {messages.length === 1 ? 'dit' : `deze ${messages.length} punten`}:</p>
            <ul>
              {messages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </>
        )}
      </div>
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
      <fieldset className={`field checks${errors.schoolIds ? ' has-error' : ''}`} id={fieldId(scope, 'schoolIds')} tabIndex={-1} aria-describedby={`${scope}schoolIds-hint${errors.schoolIds ? ` ${scope}schoolIds-error` : ''}`}>
        <legend>Scholen</legend>
        <p className="field-hint" id={`${scope}schoolIds-hint`}>
          {schoolsHint}
        </p>
        <div className="choices">
          {schools.map((s) => (
            <label key={s.id} className={v.schoolIds.includes(s.id) ? 'chosen' : ''}>
              <input
                type="checkbox"
                name="schoolIds"
                value={s.id}
                checked={v.schoolIds.includes(s.id)}
                onChange={(e) => set('schoolIds', e.target.checked ? [...v.schoolIds, s.id] : v.schoolIds.filter((x) => x !== s.id))}
              />
              <span>
                {s.name}
                {s.place && <span className="choice-extra">, {s.place}</span>}
              </span>
            </label>
          ))}
        </div>
        {errors.schoolIds && (
          <p className="field-error" id={`${scope}schoolIds-error`}>
            {errors.schoolIds}
          </p>
        )}
      </fieldset>
      <div className={`field${errors.password ? ' has-error' : ''}`}>
        <label htmlFor={fieldId(scope, 'password')}>
          {user ? 'Nieuw wachtwoord' : 'Wachtwoord'}
          {user && <span className="optional"> (optioneel)</span>}
        </label>
        <p className="field-hint" id={`${scope}password-hint`}>
          {passwordPolicy}
          {user && ' Laat leeg om het huidige wachtwoord te houden.'}
        </p>
        <input
          id={fieldId(scope, 'password')}
          name="password"
          type="password"
          autoComplete="new-password"
          value={v.password}
          required={!user}
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={`${scope}password-hint${errors.password ? ` ${scope}password-error` : ''}`}
          onChange={(e) => set('password', e.target.value)}
        />
        {errors.password && (
          <p className="field-error" id={`${scope}password-error`}>
            {errors.password}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={saving}>
          {saving ? 'Bezig met opslaan…' : user ? 'Opslaan' : 'Gebruiker toevoegen'}
        </button>
      </div>
      </FieldScope>
    </form>
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
                  <RevokeDevice name={d.name} code={deviceCode(d.id)} confirming={confirming === d.id} onConfirming={(open) => setConfirming(open ? d.id : null)} onRevoke={() => void revoke(d)} busy={busy}>
                    Wat op dit toestel nog niet gesynchroniseerd is, gaat verloren. Het toestel wordt buitengesloten zodra het weer contact maakt
                    met de centrale dienst en wist dan zijn gegevens; {user.name} kan daarna opnieuw inloggen, ook op hetzelfde toestel.
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
