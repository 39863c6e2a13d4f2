// Rights of parents and pupils (docs/rights.md), for the beheerder: the open requests with their
// answer term, find a pupil by the dossier code a parent or the jeugdprofessional reads out, make the
// inzage document (opened in a new tab, to print or save as PDF), and record a request (inzage,
// correctie, verwijdering, bezwaar), decided at once or left open. Online only.
import { IonContent, IonPage } from '@ionic/react';
import { useEffect, useState, type FormEvent } from 'react';
import { answerDue, longDate, rightsKindLabels, rightsKinds } from '../../domain/rightsTerm';
import { normalizeDossierCode, type FoundPupil, type RightsRequestInput } from '../../sync/api/rights';
import { PageHeader } from '../components/PageHeader';
import { ChoiceField, fieldBinder, TextArea, TextField } from '../components/fields';
import { todayIso } from '../i18n/format';
import { fetchInzage, findPupilByCode, recordRightsRequest } from '../rights/api';
import { DecisionFields, OpenRequests, RightsForm, decidedMessage, decisionErrors, useSubmit } from '../rights/OpenRequests';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

const kindOptions = rightsKinds.map((k) => [k, rightsKindLabels[k]] as const);
/** Recorded before it is decided: the request stays open and its answer term runs. */
const OPEN = 'open';
const openOption = [[OPEN, 'Nog geen besluit']] as const;

export default function RightsPage() {
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string>();
  const [pupil, setPupil] = useState<FoundPupil | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [recorded, setRecorded] = useState(0);

  async function find(e: FormEvent) {
    e.preventDefault();
    const normal = normalizeDossierCode(code);
    if (!/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/.test(normal)) {
      setCodeError('Vul een dossiercode van 6 tekens in (letters en cijfers, zonder 0, O, 1, I en L)');
      return;
    }
    setCodeError(undefined);
    setBusy(true);
    setStatus('Leerling zoeken…');
    try {
      setPupil(await findPupilByCode(normal));
      setStatus('Leerling gevonden.');
    } catch (err) {
      setPupil(null);
      setStatus('');
      setCodeError(message(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <IonPage>
      <PageHeader title="Inzage en verzoeken" />
      <IonContent className="ion-padding">
        <p role="status" aria-live="polite" className="visually-hidden">
          {status}
        </p>
        <p>
          Ouders, en een leerling vanaf 12 jaar, mogen zien wat er over de leerling is vastgelegd en wie het dossier bekeek. Zij mogen ook
          vragen iets te verbeteren of te verwijderen, of bezwaar maken. Beantwoord een verzoek binnen een maand. Is dat niet haalbaar,
          verleng dan de termijn (met ten hoogste twee maanden) en vertel de vrager waarom.
        </p>
        <OpenRequests reload={recorded} />
        <section aria-labelledby="rights-find-title">
          <h2 id="rights-find-title">Leerling zoeken</h2>
          <form onSubmit={(e) => void find(e)} noValidate>
            <TextField
              name="code"
              label="Dossiercode"
              hint="6 tekens, bijvoorbeeld K7M-Q2X. De jeugdprofessional ziet de code op de pagina van de leerling."
              value={code}
              onChange={setCode}
              error={codeError}
              autoComplete="off"
              maxLength={12}
              required
            />
            <button type="submit" className="primary-button" disabled={busy}>
              Zoeken
            </button>
          </form>
        </section>
        {pupil && (
          <>
            <div className="pupil-card" aria-label="Gevonden leerling">
              <p className="pupil-initials">{pupil.initials}</p>
              <p>
                {pupil.group} · {pupil.schoolName}
                {pupil.birthYear ? ` · geboren in ${pupil.birthYear}` : ''}
              </p>
              <p className="dossier-number">
                Dossiercode: <strong>{pupil.dossierCode}</strong>
              </p>
            </div>
            <InzageForm key={`i-${pupil.id}`} pupil={pupil} />
            <RequestForm key={`r-${pupil.id}`} pupil={pupil} onRecorded={() => setRecorded((n) => n + 1)} />
          </>
        )}
      </IonContent>
    </IonPage>
  );
}

function InzageForm({ pupil }: { pupil: FoundPupil }) {
  const [namens, setNamens] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );

  async function make(e: FormEvent) {
    e.preventDefault();
    if (!namens.trim()) {
      setError('Vul in voor wie je het document maakt, bijvoorbeeld: moeder, verzoek van 3 december');
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      const blob = await fetchInzage(pupil.id, namens.trim());
      setUrl(URL.createObjectURL(new Blob([blob], { type: 'text/html' })));
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="rights-inzage-title">
      <h2 id="rights-inzage-title">Inzagedocument</h2>
      <p>
        Alles wat over deze leerling is vastgelegd en wie het dossier zag, in gewone taal. Namen van andere leerlingen en van wie in
        vertrouwen een zorg meldde, staan er niet in. Het maken van het document komt in het logboek.
      </p>
      <form onSubmit={(e) => void make(e)} noValidate>
        <TextField
          name="namens"
          label="Op verzoek van"
          hint="Bijvoorbeeld: moeder, verzoek van 3 december. Dit staat op het document en in het logboek."
          value={namens}
          onChange={setNamens}
          error={error}
          maxLength={200}
          required
        />
        <button type="submit" className="primary-button" disabled={busy}>
          {busy ? 'Document maken…' : 'Document maken'}
        </button>
      </form>
      {url && (
        <p role="status" className="rights-ready">
          Het document is klaar.{' '}
          <a href={url} target="_blank" rel="noopener">
            Document openen (nieuw tabblad)
          </a>{' '}
          en kies daar Afdrukken of Opslaan als PDF. Of{' '}
          <a href={url} download={`inzage-${pupil.dossierCode}.html`}>
            download het
          </a>
          .
        </p>
      )}
    </section>
  );
}

function RequestForm({ pupil, onRecorded }: { pupil: FoundPupil; onRecorded: () => void }) {
  const empty = { kind: '', requestedBy: '', requestedOn: todayIso(), what: '', oldValue: '', newValue: '', decision: '', reason: '' };
  const [v, setV] = useState(empty);
  const form = useSubmit();
  const { errors, submit } = form;
  const [done, setDone] = useState('');
  const set = (k: keyof typeof empty) => (value: string) => setV((old) => ({ ...old, [k]: value }));
  const field = fieldBinder(v, set, errors);

  function save() {
    const missing: Record<string, string> = {};
    if (!v.kind) missing.kind = 'Kies het soort verzoek';
    if (!v.requestedBy.trim()) missing.requestedBy = 'Vul in wie het vraagt';
    if (!v.what.trim()) missing.what = 'Beschrijf wat er gevraagd wordt';
    Object.assign(missing, decisionErrors(v, OPEN));
    setDone('');
    return submit(missing, async () => {
      const decided = v.decision !== OPEN;
      const input: RightsRequestInput = {
        pupilId: pupil.id,
        kind: v.kind as RightsRequestInput['kind'],
        requestedBy: v.requestedBy,
        requestedOn: v.requestedOn,
        what: v.what,
        ...(decided ? { decision: v.decision as NonNullable<RightsRequestInput['decision']>, reason: v.reason } : {}),
        ...(v.kind === 'correction' ? { oldValue: v.oldValue, newValue: v.newValue } : {}),
      };
      const result = await recordRightsRequest(input);
      setDone(
        decided
          ? decidedMessage(v.kind, v.decision, result)
          : `Vastgelegd. Het verzoek staat bij Open verzoeken. Antwoord uiterlijk ${longDate(answerDue(v.requestedOn))}.`,
      );
      setV(empty);
      onRecorded();
    });
  }

  return (
    <section aria-labelledby="rights-request-title">
      <h2 id="rights-request-title">Verzoek vastleggen</h2>
      <p>
        Leg een verzoek vast zodra het binnenkomt; het besluit kan later. Een verwijdering geldt voor het hele dossier van deze leerling.
        Documentatie van de Meldcode blijft bewaard: de wet vraagt dat. Een correctie voert de jeugdprofessional uit: die ziet op de
        leerlingpagina wat er gevraagd is, wanneer, en de oude waarde. De oude waarde blijft ook in het inzagedocument staan.
      </p>
      <RightsForm form={form} onSubmit={save} submit="Verzoek vastleggen">
        <ChoiceField {...field('kind')} label="Soort verzoek" options={kindOptions} required />
        <TextField
          {...field('requestedBy')}
          label="Gevraagd door"
          hint="Bijvoorbeeld: moeder, of de leerling zelf"
          maxLength={200}
          required
        />
        <TextField
          {...field('requestedOn')}
          label="Datum van het verzoek"
          hint="De dag waarop het verzoek binnenkwam: vanaf die dag loopt de termijn van een maand."
          type="date"
          required
        />
        <TextArea {...field('what')} label="Wat wordt er gevraagd" rows={3} required />
        <DecisionFields
          values={v}
          set={set}
          errors={errors}
          correction={v.kind === 'correction'}
          extra={openOption}
          hint="Nog geen besluit? Het verzoek komt dan bij Open verzoeken, met de datum waarop je uiterlijk antwoordt."
        />
      </RightsForm>
      {done && <p role="status">{done}</p>}
    </section>
  );
}
