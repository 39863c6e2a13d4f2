// Break-the-glass (docs/rights.md). A jeugdprofessional covering for an ill colleague asks for
// temporary access to one pupil of a school that is not theirs, by the dossier code the colleague or
// school gives, with a reason: granted at once. The coordinator sees every grant, active and past.
import { IonContent, IonPage } from '@ionic/react';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import type { GrantInfo } from '../../sync/api/rights';
import { normalizeDossierCode } from '../../sync/api/rights';
import { PageHeader } from '../components/PageHeader';
import { TextArea, TextField } from '../components/fields';
import { formatDate, formatTime } from '../i18n/format';
import { askGrant, listGrants } from '../rights/api';
import { readsGrants } from '../../domain/permissions';
import { currentSession } from '../auth/session';
import { getSyncController } from '../sync/controller';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export default function CoverPage() {
  const role = currentSession()?.user.role;
  const [grants, setGrants] = useState<GrantInfo[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const load = () =>
    listGrants().then(
      (g) => {
        setGrants(g);
        setLoadError('');
      },
      (e: unknown) => setLoadError(message(e)),
    );
  useEffect(() => {
    void load();
  }, []);
  // The coordinator oversees every grant; the jeugdprofessional asks for hers and sees them.
  const coordinator = !!role && readsGrants(role) === 'all';

  return (
    <IonPage>
      <PageHeader title={coordinator ? 'Tijdelijke toegang' : 'Collega vervangen'} back={coordinator ? undefined : '/leerlingen'} />
      <IonContent className="ion-padding">
        {!coordinator && <AskForm onGranted={() => void load()} />}
        <section aria-labelledby="grants-title">
          <h2 id="grants-title">{coordinator ? 'Tijdelijke toegang van jeugdprofessionals' : 'Jouw tijdelijke toegang'}</h2>
          {loadError ? (
            <p className="field-error" role="alert">
              {loadError}
            </p>
          ) : grants === null ? (
            <p role="status">Laden…</p>
          ) : grants.length === 0 ? (
            <p className="empty">Nog geen tijdelijke toegang gegeven.</p>
          ) : (
            <ul className="record-list" aria-label="Tijdelijke toegang, nieuwste eerst">
              {grants.map((g) => (
                <li key={g.id} className="record-item">
                  <p className="record-title">
                    {coordinator ? `${g.userName} · ` : ''}leerling {g.dossierCode || 'verwijderd'} · {g.schoolName}
                  </p>
                  <p className="record-meta">
                    {g.active ? 'Actief' : 'Verlopen'} · van {formatDate(g.grantedAt)} {formatTime(g.grantedAt)} tot{' '}
                    {formatDate(g.expiresAt)} {formatTime(g.expiresAt)}
                  </p>
                  <p className="record-meta">Reden: {g.reason}</p>
                  {!coordinator && g.active && <Link to={`/leerlingen/${g.pupilId}`}>Naar de leerling</Link>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </IonContent>
    </IonPage>
  );
}

function AskForm({ onGranted }: { onGranted: () => void }) {
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);

  async function ask(e: FormEvent) {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/.test(normalizeDossierCode(code))) missing.code = 'Vul een dossiercode van 6 tekens in';
    if (!reason.trim()) missing.reason = 'Vul in waarom je tijdelijk toegang nodig hebt';
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    setBusy(true);
    try {
      const grant = await askGrant(normalizeDossierCode(code), reason.trim());
      setDone(`Je hebt toegang tot ${formatDate(grant.expiresAt)}. De leerling staat na het synchroniseren bij je leerlingen.`);
      setCode('');
      setReason('');
      // The new scope reaches the phone with the next pull: start it now.
      void getSyncController()?.syncNow();
      onGranted();
    } catch (err) {
      setErrors({ code: message(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="cover-ask-title">
      <h2 id="cover-ask-title">Tijdelijke toegang vragen</h2>
      <p>
        Vervang je een zieke collega op een school die niet de jouwe is? Vraag dan toegang tot één leerling. Je krijgt de toegang meteen,
        voor een beperkte tijd. Alles wat je met het dossier doet, staat gemarkeerd in het logboek en in het inzagedocument voor ouders. De
        coördinator ziet het.
      </p>
      <form onSubmit={(e) => void ask(e)} noValidate>
        <TextField
          name="code"
          label="Dossiercode van de leerling"
          hint="6 tekens; je collega of de school geeft ze je."
          value={code}
          onChange={setCode}
          error={errors.code}
          maxLength={12}
          required
        />
        <TextArea
          name="reason"
          label="Reden"
          hint="Bijvoorbeeld: Sanne is ziek, ik vervang haar deze week."
          value={reason}
          onChange={setReason}
          error={errors.reason}
          rows={3}
          required
        />
        <button type="submit" className="primary-button" disabled={busy}>
          Toegang vragen
        </button>
        {done && <p role="status">{done}</p>}
      </form>
    </section>
  );
}
