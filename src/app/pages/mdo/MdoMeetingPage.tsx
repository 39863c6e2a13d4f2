import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  awaitsLink,
  dateInAmsterdam,
  mdoStatuses,
  type MdoAgreement,
  type MdoConsentOutcome,
  type MdoItem,
  type MdoMeeting,
  type MdoParticipantRole,
  type MdoStatus,
} from '../../../domain';
import { linksMdoPupils } from '../../../domain/permissions';
import { useSession } from '../../auth/session';
import { Loading, NotFound } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { ChoiceField, SelectField, TextArea, TextField } from '../../components/fields';
import { db } from '../../db/db';
import {
  agreementOwnerLabels,
  agreementsOfMeeting,
  consentCheck,
  itemsOfMeeting,
  mdoStatusLabels,
  missingParties,
  participantRoleLabels,
} from '../../db/mdo';
import { markMeetingNoticesSeen } from '../../db/notices';
import { createRecord, updateRecord, ValidationError } from '../../db/records';
import { formatDate, formatDay, pupilLabel } from '../../i18n/format';
import { currentUserId } from '../../auth/session';
import './Mdo.css';

export const outcomeLabels: Record<MdoConsentOutcome, string> = {
  toestemming: 'toestemming van iedereen aan tafel',
  anoniem: 'anoniem',
  gevraagd: 'toestemming gevraagd',
  meldcode: 'Meldcode: gedeeld zonder toestemming',
  niet_gecontroleerd: 'toestemming nog niet gecontroleerd',
};

const withArticle: Record<MdoParticipantRole, string> = {
  ib: 'school',
  jeugdprofessional: 'de jeugdprofessional',
  jgz: 'de JGZ',
  leerplicht: 'leerplicht',
  wijkteam: 'het wijkteam',
  cat: 'het consultatie- en adviesteam',
  jeugdhulpaanbieder: 'de jeugdhulpaanbieder',
  smw: 'schoolmaatschappelijk werk',
  swv: 'het samenwerkingsverband',
  anders: 'de andere deelnemers',
};

/** "Geen toestemming om met het wijkteam te delen": the participants a pupil may not be discussed with. */
export function refusalText(roles: readonly MdoParticipantRole[]): string {
  const names = roles.map((r) => withArticle[r]);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} en ${names.at(-1)}` : (names[0] ?? '');
  return `Geen toestemming om met ${list} te delen`;
}

/** /mdo/:id — one meeting: participants, status, the agenda with per item the minutes and agreements. */
export default function MdoMeetingPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const data = useLiveQuery(async () => {
    const meeting = (await db.mdoMeetings.get(id)) ?? null;
    if (!meeting || meeting.deleted) return { meeting: null } as const;
    const [items, agreements, school] = await Promise.all([
      itemsOfMeeting(db, id),
      agreementsOfMeeting(db, id),
      db.schools.get(meeting.schoolId),
    ]);
    return { meeting, items, agreements, school };
  }, [id]);
  // Opening the meeting shows its agreements: the notices about them are seen (also one that
  // arrives while it is open).
  const me = session?.user.id;
  const agreementIds = data?.meeting ? data.agreements.map((a) => a.id).join(',') : '';
  useEffect(() => {
    if (me && agreementIds) void markMeetingNoticesSeen(db, id, me);
  }, [id, me, agreementIds]);
  if (data === undefined) return <Loading />;
  if (data.meeting === null) return <NotFound what="Overleg" />;
  const { meeting, items, agreements, school } = data;
  const jp = !!session && linksMdoPupils(session.user.role);

  async function setStatus(status: string) {
    await updateRecord(db, 'mdoMeeting', meeting.id, { status }, { userId: currentUserId() });
  }

  return (
    <IonPage>
      <PageHeader title="MDO" back="/mdo" />
      <IonContent className="ion-padding">
        <div className="mdo-head">
          <h2>
            {formatDay(meeting.date)} om {meeting.time}
          </h2>
          <p>{school?.name ?? 'School'}</p>
          <SelectField
            name="status"
            label="Status"
            required
            value={meeting.status}
            onChange={(v) => void setStatus(v)}
            options={mdoStatuses.map((s: MdoStatus) => [s, mdoStatusLabels[s]] as const)}
          />
        </div>
        <h2>Aan tafel</h2>
        <ul className="mdo-participants">
          {meeting.participants.map((p, i) => (
            <li key={i}>
              {p.name} · {participantRoleLabels[p.role]}
              {p.organisation ? ` (${p.organisation})` : ''}
            </li>
          ))}
        </ul>
        <p>
          <Link className="secondary-button" to={`/mdo/${meeting.id}/afdruk`}>
            {jp ? 'Agenda met kaarten afdrukken' : 'Agenda en verslag afdrukken'}
          </Link>
        </p>
        <h2>Agenda</h2>
        {items.length === 0 ? (
          <p className="empty">Nog niets op de agenda.</p>
        ) : (
          <ol className="mdo-agenda">
            {items.map((item) => (
              <AgendaItem key={item.id} item={item} meeting={meeting} agreements={agreements.filter((a) => a.itemId === item.id)} jp={jp} />
            ))}
          </ol>
        )}
        <AddItem meeting={meeting} jp={jp} />
      </IonContent>
    </IonPage>
  );
}

function AgendaItem({ item, meeting, agreements, jp }: { item: MdoItem; meeting: MdoMeeting; agreements: MdoAgreement[]; jp: boolean }) {
  const [conclusion, setConclusion] = useState(item.conclusion);
  const [saved, setSaved] = useState(false);
  // Said here, not in LinkPupil: that form goes away once the item is linked.
  const [linked, setLinked] = useState('');
  const title = item.anonymous ? `Anonieme casus: ${item.description}` : item.pupilLabel;
  async function saveConclusion() {
    await updateRecord(db, 'mdoItem', item.id, { conclusion }, { userId: currentUserId() });
    setSaved(true);
  }
  return (
    <li className="mdo-item">
      <h3>{title}</h3>
      <p>Vraag: {item.question}</p>
      <p className="mdo-outcome">
        Delen: {outcomeLabels[item.consentOutcome]}
        {item.addedByName ? ` · op de agenda gezet door ${item.addedByName}` : ''}
      </p>
      {jp && !item.anonymous && item.pupilId && <Link to={`/mdo/${meeting.id}/kaart/${item.id}`}>Voorbereidingskaart</Link>}
      {jp && awaitsLink(item) && <LinkPupil item={item} meeting={meeting} onDone={setLinked} />}
      {linked && <p role="status">{linked}</p>}
      <div className="mdo-minutes">
        <TextArea
          name={`conclusion-${item.id}`}
          label="Conclusie"
          value={conclusion}
          rows={2}
          onChange={(v) => {
            setConclusion(v);
            setSaved(false);
          }}
        />
        <button type="button" className="secondary-button" onClick={() => void saveConclusion()}>
          Conclusie opslaan
        </button>
        {saved && <span role="status"> Opgeslagen</span>}
      </div>
      <h4>Afspraken</h4>
      {agreements.length === 0 ? (
        <p className="empty">Nog geen afspraken.</p>
      ) : (
        <ul className="mdo-agreements">
          {agreements.map((a) => (
            <AgreementLine key={a.id} a={a} />
          ))}
        </ul>
      )}
      <AddAgreement item={item} />
    </li>
  );
}

function AgreementLine({ a }: { a: MdoAgreement }) {
  async function toggle(done: boolean) {
    await updateRecord(db, 'mdoAgreement', a.id, { done, doneOn: done ? dateInAmsterdam(new Date()) : null }, { userId: currentUserId() });
  }
  return (
    <li>
      <label>
        <input type="checkbox" checked={a.done} onChange={(e) => void toggle(e.target.checked)} />{' '}
        <strong>{a.who === 'anders' && a.whoName ? a.whoName : agreementOwnerLabels[a.who]}:</strong> {a.what}
        {a.byWhen && ` (uiterlijk ${formatDate(a.byWhen)})`}
        {a.done && ' · gedaan'}
      </label>
    </li>
  );
}

function AddAgreement({ item }: { item: MdoItem }) {
  const [who, setWho] = useState('');
  const [whoName, setWhoName] = useState('');
  const [what, setWhat] = useState('');
  const [byWhen, setByWhen] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  async function submit(e: FormEvent) {
    e.preventDefault();
    try {
      await createRecord(
        db,
        'mdoAgreement',
        {
          meetingId: item.meetingId,
          itemId: item.id,
          who,
          whoName: who === 'anders' ? whoName : '',
          what,
          byWhen: byWhen || null,
          done: false,
          doneOn: null,
        },
        { userId: currentUserId(), schoolId: item.schoolId },
      );
      setWho('');
      setWhoName('');
      setWhat('');
      setByWhen('');
      setErrors({});
    } catch (err) {
      if (err instanceof ValidationError) setErrors(err.fields);
      else throw err;
    }
  }
  return (
    <form className="mdo-add-agreement" onSubmit={(e) => void submit(e)} noValidate aria-label="Afspraak toevoegen">
      <SelectField
        name={`who-${item.id}`}
        label="Wie doet het?"
        required
        value={who}
        onChange={setWho}
        options={Object.entries(agreementOwnerLabels)}
        placeholder="Kies wie"
        error={errors.who}
      />
      {who === 'anders' && (
        <TextField name={`whoName-${item.id}`} label="Wie precies?" value={whoName} onChange={setWhoName} error={errors.whoName} />
      )}
      <TextField name={`what-${item.id}`} label="Wat is afgesproken?" required value={what} onChange={setWhat} error={errors.what} />
      <TextField name={`byWhen-${item.id}`} label="Uiterlijk" type="date" value={byWhen} onChange={setByWhen} error={errors.byWhen} />
      <button type="submit" className="secondary-button">
        Afspraak toevoegen
      </button>
    </form>
  );
}

/** How many pupils the link list shows before the search narrows it. */
const PICK_SHOWN = 8;

/**
 * The jeugdprofessional links a pupil the IB'er put on by initials to one of her pupils at that
 * school; then the consent check runs as for any pupil she puts on. The label on the agenda stays
 * what school wrote (the server refuses to change it once linked), so school learns nothing new.
 */
function LinkPupil({ item, meeting, onDone }: { item: MdoItem; meeting: MdoMeeting; onDone: (message: string) => void }) {
  const pupils = useLiveQuery(
    async () =>
      (await db.pupils.where('schoolId').equals(meeting.schoolId).toArray())
        .filter((p) => !p.deleted)
        .sort((a, b) => a.initials.localeCompare(b.initials, 'nl')),
    [meeting.schoolId],
  );
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [pupilId, setPupilId] = useState('');
  const [refused, setRefused] = useState<MdoParticipantRole[] | null>(null);
  const [choice, setChoice] = useState<'' | 'meldcode' | 'anoniem'>('');
  const [reason, setReason] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const name = `link-${item.id}`;

  if (!open) {
    return (
      <div className="mdo-link">
        <button type="button" className="secondary-button" onClick={() => setOpen(true)}>
          Leerling koppelen
        </button>
      </div>
    );
  }
  const q = query.trim().toLowerCase();
  const matches = (pupils ?? []).filter((p) => q === '' || pupilLabel(p).toLowerCase().includes(q));
  const shown = matches.slice(0, PICK_SHOWN);
  const pupil = (pupils ?? []).find((p) => p.id === pupilId);

  async function write(patch: Record<string, unknown>, message: string) {
    try {
      await updateRecord(db, 'mdoItem', item.id, patch, { userId: currentUserId() });
      setOpen(false);
      onDone(message);
    } catch (err) {
      if (err instanceof ValidationError) setErrors(err.fields);
      else throw err;
    }
  }

  async function check(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    if (!pupil) return setErrors({ [name]: 'Kies een leerling' });
    const on = dateInAmsterdam(new Date());
    const missing = await consentCheck(db, pupil, meeting, on);
    if (missing.length > 0) return setRefused(missing);
    await write(
      { pupilId: pupil.id, consentOutcome: 'toestemming', consentMissing: [], consentCheckedOn: on, consentReason: '' },
      `Gekoppeld aan ${pupilLabel(pupil)}. Toestemming van iedereen aan tafel.`,
    );
  }

  async function choose(outcome: 'gevraagd' | 'meldcode') {
    if (!pupil || !refused) return;
    await write(
      {
        pupilId: pupil.id,
        consentOutcome: outcome,
        consentMissing: missingParties(refused),
        consentCheckedOn: dateInAmsterdam(new Date()),
        consentReason: outcome === 'meldcode' ? reason : '',
      },
      outcome === 'meldcode'
        ? `Gekoppeld aan ${pupilLabel(pupil)} onder de Meldcode.`
        : `Gekoppeld aan ${pupilLabel(pupil)}; toestemming is gevraagd.`,
    );
  }

  return (
    <form className="mdo-link" onSubmit={(e) => void check(e)} noValidate aria-label={`Leerling koppelen: ${item.pupilLabel}`}>
      <h4>Leerling koppelen</h4>
      <p className="field-hint">School zette op de agenda: {item.pupilLabel}. Kies de leerling uit jouw leerlingen van deze school.</p>
      <TextField name={`zoek-${item.id}`} label="Zoek op initialen of groep" type="search" required value={query} onChange={setQuery} />
      {pupils === undefined ? (
        <p role="status">Laden…</p>
      ) : (
        <fieldset className={`field choice${errors[name] ? ' has-error' : ''}`}>
          <legend>Leerling</legend>
          {matches.length === 0 ? (
            <p className="empty">Geen leerling gevonden{q ? ` voor "${query.trim()}"` : ' op deze school'}.</p>
          ) : (
            <div className="choices">
              {shown.map((p) => (
                <label key={p.id} className={pupilId === p.id ? 'chosen' : ''}>
                  <input
                    type="radio"
                    name={name}
                    checked={pupilId === p.id}
                    onChange={() => {
                      setPupilId(p.id);
                      setRefused(null);
                      setChoice('');
                    }}
                  />{' '}
                  {pupilLabel(p)}
                </label>
              ))}
            </div>
          )}
          {matches.length > shown.length && <p className="field-hint">Nog {matches.length - shown.length} leerlingen: zoek verder.</p>}
          {errors[name] && <p className="field-error">{errors[name]}</p>}
        </fieldset>
      )}
      {refused ? (
        <div className="mdo-refusal" role="alert">
          <p>
            <strong>{refusalText(refused)}</strong>
          </p>
          <p>Zonder toestemming wordt de leerling niet gekoppeld. Kies wat je doet:</p>
          <button type="button" className="primary-button" onClick={() => setChoice('anoniem')}>
            Anoniem bespreken
          </button>
          <button type="button" className="secondary-button" onClick={() => void choose('gevraagd')}>
            Toestemming is gevraagd
          </button>
          <button type="button" className="secondary-button" onClick={() => setChoice('meldcode')}>
            Meldcode: delen zonder toestemming
          </button>
          {choice === 'meldcode' && (
            <>
              <TextArea
                name={`consentReason-${item.id}`}
                label="Waarom staat de Meldcode delen hier toe?"
                required
                value={reason}
                rows={2}
                onChange={setReason}
                error={errors.consentReason}
              />
              <button type="button" className="primary-button" onClick={() => void choose('meldcode')}>
                Koppelen onder de Meldcode
              </button>
            </>
          )}
          {choice === 'anoniem' && (
            <>
              <TextField
                name={`description-${item.id}`}
                label="Korte omschrijving"
                hint="Zonder naam of initialen, bijvoorbeeld: meisje groep 7, veel afwezig. Initialen en groep gaan van de agenda."
                required
                value={description}
                onChange={setDescription}
                error={errors.description ?? errors.question}
              />
              <button
                type="button"
                className="primary-button"
                onClick={() =>
                  void write(
                    { anonymous: true, pupilLabel: '', description, consentOutcome: 'anoniem', consentMissing: [], consentCheckedOn: null },
                    'Dit agendapunt is nu een anonieme casus.',
                  )
                }
              >
                Anoniem op de agenda
              </button>
            </>
          )}
        </div>
      ) : (
        <div className="mdo-link-actions">
          <button type="submit" className="primary-button">
            Koppelen en toestemming controleren
          </button>
          <button type="button" className="secondary-button" onClick={() => setOpen(false)}>
            Annuleren
          </button>
        </div>
      )}
    </form>
  );
}

type Mode = 'pupil' | 'anoniem';
const modeOptions = [
  ['pupil', 'Een leerling'],
  ['anoniem', 'Anonieme casus'],
] as const satisfies readonly (readonly [Mode, string])[];

function AddItem({ meeting, jp }: { meeting: MdoMeeting; jp: boolean }) {
  const session = useSession();
  const pupils = useLiveQuery(
    async () =>
      jp
        ? (await db.pupils.where('schoolId').equals(meeting.schoolId).toArray())
            .filter((p) => !p.deleted)
            .sort((a, b) => a.initials.localeCompare(b.initials, 'nl'))
        : [],
    [meeting.schoolId, jp],
    [],
  );
  const [mode, setMode] = useState<Mode>('pupil');
  const [pupilId, setPupilId] = useState('');
  const [label, setLabel] = useState('');
  const [description, setDescription] = useState('');
  const [question, setQuestion] = useState('');
  const [refused, setRefused] = useState<MdoParticipantRole[] | null>(null);
  const [meldcode, setMeldcode] = useState(false);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [added, setAdded] = useState('');

  function reset() {
    setPupilId('');
    setLabel('');
    setDescription('');
    setQuestion('');
    setRefused(null);
    setMeldcode(false);
    setReason('');
    setErrors({});
    setMode('pupil');
  }

  async function save(fields: Record<string, unknown>, what: string) {
    try {
      await createRecord(
        db,
        'mdoItem',
        {
          meetingId: meeting.id,
          question,
          addedByName: session?.user.name ?? '',
          conclusion: '',
          consentReason: '',
          consentMissing: [],
          consentCheckedOn: null,
          pupilId: null,
          pupilLabel: '',
          description: '',
          anonymous: false,
          ...fields,
        },
        { userId: currentUserId(), schoolId: meeting.schoolId },
      );
      reset();
      setAdded(what);
    } catch (err) {
      if (err instanceof ValidationError) setErrors(err.fields);
      else throw err;
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAdded('');
    if (mode === 'anoniem') return save({ anonymous: true, description, consentOutcome: 'anoniem' }, 'Anonieme casus op de agenda gezet.');
    if (!jp)
      return save(
        { pupilLabel: label, consentOutcome: 'niet_gecontroleerd' },
        'Leerling op de agenda gezet. De jeugdprofessional controleert de toestemming.',
      );
    const pupil = pupils.find((p) => p.id === pupilId);
    if (!pupil) return setErrors({ pupilId: 'Kies een leerling' });
    const on = dateInAmsterdam(new Date());
    const missing = await consentCheck(db, pupil, meeting, on);
    const base = { pupilId: pupil.id, pupilLabel: pupilLabel(pupil), consentCheckedOn: on, consentMissing: missingParties(missing) };
    if (missing.length === 0) return save({ ...base, consentOutcome: 'toestemming' }, 'Leerling op de agenda gezet.');
    setRefused(missing);
  }

  async function choose(outcome: 'gevraagd' | 'meldcode') {
    const pupil = pupils.find((p) => p.id === pupilId)!;
    const on = dateInAmsterdam(new Date());
    await save(
      {
        pupilId: pupil.id,
        pupilLabel: pupilLabel(pupil),
        consentCheckedOn: on,
        consentMissing: missingParties(refused ?? []),
        consentOutcome: outcome,
        consentReason: outcome === 'meldcode' ? reason : '',
      },
      outcome === 'meldcode'
        ? 'Leerling op de agenda gezet onder de Meldcode.'
        : 'Leerling op de agenda gezet; vastgelegd dat toestemming is gevraagd.',
    );
  }

  return (
    <form className="mdo-add" onSubmit={(e) => void submit(e)} noValidate aria-label="Op de agenda zetten">
      <h2>Op de agenda zetten</h2>
      {added && (
        <p role="status" className="mdo-added">
          {added}
        </p>
      )}
      <ChoiceField
        name="mode"
        label="Wat bespreken jullie?"
        required
        value={mode}
        onChange={(m) => {
          setMode(m as Mode);
          setRefused(null);
        }}
        options={modeOptions}
      />
      {mode === 'pupil' && jp && (
        <SelectField
          name="pupilId"
          label="Leerling"
          required
          value={pupilId}
          onChange={(v) => {
            setPupilId(v);
            setRefused(null);
          }}
          options={pupils.map((p) => [p.id, pupilLabel(p)] as const)}
          placeholder="Kies een leerling"
          error={errors.pupilId}
        />
      )}
      {mode === 'pupil' && !jp && (
        <TextField
          name="pupilLabel"
          label="Initialen en groep"
          hint="Zoals school de leerling kent, bijvoorbeeld R.T. · groep 6. De jeugdprofessional controleert de toestemming."
          required
          value={label}
          onChange={setLabel}
          error={errors.pupilLabel}
        />
      )}
      {mode === 'anoniem' && (
        <TextField
          name="description"
          label="Korte omschrijving"
          hint="Zonder naam of initialen, bijvoorbeeld: meisje groep 7, veel afwezig"
          required
          value={description}
          onChange={setDescription}
          error={errors.description}
        />
      )}
      <TextArea
        name="question"
        label="Vraag voor het overleg"
        required
        value={question}
        rows={2}
        onChange={setQuestion}
        error={errors.question}
      />
      {refused ? (
        <div className="mdo-refusal" role="alert">
          <p>
            <strong>{refusalText(refused)}</strong>
          </p>
          <p>Zonder toestemming kan de leerling niet met naam op de agenda. Kies wat je doet:</p>
          <button
            type="button"
            className="primary-button"
            onClick={() => {
              setMode('anoniem');
              setRefused(null);
            }}
          >
            Anoniem bespreken
          </button>
          <button type="button" className="secondary-button" onClick={() => void choose('gevraagd')}>
            Toestemming is gevraagd
          </button>
          <button type="button" className="secondary-button" onClick={() => setMeldcode(true)}>
            Meldcode: delen zonder toestemming
          </button>
          {meldcode && (
            <>
              <TextArea
                name="consentReason"
                label="Waarom staat de Meldcode delen hier toe?"
                required
                value={reason}
                rows={2}
                onChange={setReason}
                error={errors.consentReason}
              />
              <button type="button" className="primary-button" onClick={() => void choose('meldcode')}>
                Op de agenda onder de Meldcode
              </button>
            </>
          )}
        </div>
      ) : (
        <button type="submit" className="primary-button">
          Op de agenda zetten
        </button>
      )}
    </form>
  );
}
