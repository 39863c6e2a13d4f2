import { CoverBanner } from '../components/CoverBanner';
import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { afwegingQuestions, dateInAmsterdam, meldcodeReminder, meldcodeSteps, openMeldcodeStep, type Meldcode } from '../../domain';
import { DirectoryCall } from '../components/DirectoryPerson';
import { Loading, NotFound } from '../components/Loading';
import { meldcodeProgressText } from '../components/MeldcodeProgress';
import { MeldcodeStepForm, reopenMeldcodeStep } from '../components/MeldcodeStepForm';
import { PageHeader } from '../components/PageHeader';
import { db } from '../db/db';
import { veiligThuisOf } from '../db/directory';
import { reminderDays, setReminderDays } from '../db/meldcode';
import { formatDate } from '../i18n/format';
import { meldcodeDisclaimer, meldcodeOutcomeLabels, themeLabels } from '../i18n/nl';

type StepKey = 'step1' | 'step2' | 'step3' | 'step4' | 'step5';

/** /meldcode/:id — the five steps of one trajectory, the afwegingskader and the decision. */
export default function MeldcodePage() {
  const { id = '' } = useParams();
  const data = useLiveQuery(async () => {
    const meldcode = (await db.meldcodes.get(id)) ?? null;
    if (!meldcode) return { meldcode: null } as const;
    const [signal, pupil, veiligThuis, days] = await Promise.all([
      db.signals.get(meldcode.signalId),
      db.pupils.get(meldcode.pupilId),
      veiligThuisOf(db, meldcode.schoolId),
      reminderDays(db),
    ]);
    return { meldcode, signal, pupil, veiligThuis, days };
  }, [id]);

  if (data === undefined) return <Loading />;
  if (data.meldcode === null) return <NotFound what="Meldcode-traject" />;
  const { meldcode: m, signal, pupil, veiligThuis, days } = data;
  const today = dateInAmsterdam(new Date());
  const open = openMeldcodeStep(m, today);
  const reminder = meldcodeReminder(m, today, days);
  // Only the last step done can be changed: the steps after it build on it.
  const lastDone = open ? open.step - 1 : m.step5 ? 5 : 0;

  return (
    <IonPage>
      <PageHeader title="Meldcode" back={signal ? `/signaal/${signal.id}` : '/leerlingen'} />
      <IonContent className="ion-padding">
        <CoverBanner schoolId={m.schoolId} />
        <p className="meldcode-disclaimer">{meldcodeDisclaimer}</p>
        <div className="pupil-card">
          <p>
            {pupil ? (
              <Link to={`/leerlingen/${pupil.id}`}>
                Leerling {pupil.initials} ({pupil.group})
              </Link>
            ) : (
              'Leerling niet op dit toestel'
            )}
            {signal && ` · signaal ${themeLabels[signal.theme].toLowerCase()} van ${formatDate(signal.date)}`}
          </p>
          <p className="meldcode-progress" role="status">
            {meldcodeProgressText(m, today)}
          </p>
        </div>
        {reminder && (
          <div className="meldcode-reminder" role="alert">
            <p>
              <strong>Herinnering:</strong> stap {reminder.step} staat al {reminder.daysOpen} dagen open (sinds{' '}
              {formatDate(reminder.openSince)}). Zet de volgende stap, of leg in de notitie vast waarom het wacht.
            </p>
          </div>
        )}
        <ol className="meldcode-steps">
          {meldcodeSteps.map(({ n, title }) => {
            const done = m[`step${n}` as StepKey];
            const isOpen = open?.step === n;
            return (
              <li
                key={n}
                className={`meldcode-step${done ? ' is-done' : isOpen ? ' is-open' : ' is-later'}`}
                aria-current={isOpen ? 'step' : undefined}
              >
                <h2>
                  Stap {n}: {title}
                </h2>
                {n === 2 && <VeiligThuis person={veiligThuis} />}
                {done ? (
                  <>
                    <p className="meldcode-done">
                      Afgerond op {formatDate(done.date)} door {done.who}
                    </p>
                    {done.note && <p className="meldcode-note">{done.note}</p>}
                    {n === 4 && <Afweging meldcode={m} />}
                    {n === 5 && m.outcome && <p>Besluit: {meldcodeOutcomeLabels[m.outcome]}</p>}
                    {n === lastDone && (
                      <button type="button" className="secondary-button" onClick={() => void reopenMeldcodeStep(m, n)}>
                        Stap {n} wijzigen
                      </button>
                    )}
                  </>
                ) : isOpen ? (
                  <MeldcodeStepForm key={`${n}:${m.version}`} meldcode={m} step={n} />
                ) : (
                  <p className="empty">{m.closedDate ? 'Niet gezet: het traject is afgesloten.' : 'Nog niet aan de beurt.'}</p>
                )}
              </li>
            );
          })}
        </ol>
        <ReminderSetting days={days} />
      </IonContent>
    </IonPage>
  );
}

function VeiligThuis({ person }: { person: { name: string; phone: string; organisation: string } | null }) {
  return (
    <div className="meldcode-vt">
      {person?.phone ? (
        <>
          <p>
            Veilig Thuis raadplegen: {person.name}
            {person.organisation ? ` (${person.organisation})` : ''}
          </p>
          <DirectoryCall person={person} />
        </>
      ) : (
        <>
          <p>Het nummer van Veilig Thuis staat nog niet bij de contactpersonen van deze school. Het landelijke nummer is gratis:</p>
          <DirectoryCall person={{ name: 'Veilig Thuis', phone: '0800-2000' }} />
        </>
      )}
    </div>
  );
}

function Afweging({ meldcode }: { meldcode: Meldcode }) {
  return (
    <dl className="meldcode-afweging">
      {afwegingQuestions.map((q, i) => (
        <div key={q}>
          <dt>
            {i + 1}. {q}
          </dt>
          <dd>{meldcode.afweging[i] === 'ja' ? 'Ja' : meldcode.afweging[i] === 'nee' ? 'Nee' : 'Niet beantwoord'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The reminder period of this device (db.meta), small and at the bottom. */
function ReminderSetting({ days }: { days: number }) {
  const inputId = useId();
  const [value, setValue] = useState(String(days));
  const [message, setMessage] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 365) {
      setMessage('Vul een aantal dagen in tussen 1 en 365.');
      return;
    }
    await setReminderDays(db, n);
    setMessage(`Bewaard: herinnering na ${n} dagen.`);
  }
  return (
    <form className="meldcode-setting" onSubmit={(e) => void submit(e)} noValidate>
      <h2>Herinnering</h2>
      <div className="field">
        <label htmlFor={inputId}>Herinner mij als een stap langer open staat dan (dagen)</label>
        <input id={inputId} type="number" inputMode="numeric" min={1} max={365} value={value} onChange={(e) => setValue(e.target.value)} />
      </div>
      <button type="submit" className="secondary-button">
        Bewaren
      </button>
      <p role="status" className="field-hint">
        {message}
      </p>
    </form>
  );
}
