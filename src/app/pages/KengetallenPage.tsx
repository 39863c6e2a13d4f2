import { IonContent, IonPage } from '@ionic/react';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import {
  cellText,
  dimLabel,
  kengetalLabels,
  periodKeys,
  periodLabel,
  schoolYearOf,
  windowBounds,
  type Cell,
  type CountTable,
} from '../../domain/kengetallen';
import { addDays, dateInAmsterdam } from '../../domain/calendar';
import { signalThemes } from '../../domain/signal';
import { kengetallenResponseSchema, type KengetallenResponse } from '../../sync/api/kengetallen';
import { apiDownload, apiRequest } from '../api/client';
import { useSession } from '../auth/session';
import { readsRegionWachtlijst } from '../../domain/permissions';
import { PageHeader } from '../components/PageHeader';
import { useOnline } from '../components/useOnline';
import { KengetalTable, KengetalValue } from '../components/KengetalTable';
import './Kengetallen.css';
import { formatDay } from '../i18n/format';

// The charts and their library in a chunk of their own, fetched only when figures are shown.
const ChartTrend = lazy(() => import('../components/ChartKengetallen').then((m) => ({ default: m.ChartTrend })));
const ChartCompare = lazy(() => import('../components/ChartKengetallen').then((m) => ({ default: m.ChartCompare })));

type Figures = KengetallenResponse;
type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; data: Figures };

const FILTER_KEYS = ['window', 'period', 'groupBy', 'school', 'theme'] as const;

const sumCell = (c: Cell | null | undefined) => (c === undefined || c === null ? null : c);

/** "Schooljaar 2025-2026", "K1 2026", "mrt 2026", "2026". */
function windowLabel(key: string): string {
  const b = windowBounds(key);
  if (!b) return key;
  if (b.kind === 'schoolYear') return `Schooljaar ${key}`;
  if (b.kind === 'year') return `Jaar ${key}`;
  return periodLabel(key);
}

/** The windows to choose from: recent school years, years, quarters and months, newest first. */
function windowOptions(today: string, current?: string): string[] {
  const sy = schoolYearOf(today);
  const prevSy = schoolYearOf(addDays(windowBounds(sy)!.from, -1));
  const y = Number(today.slice(0, 4));
  const start = `${y - 1}-01-01`;
  const quarters = periodKeys(start, today, 'quarter').reverse();
  const months = periodKeys(start, today, 'month').reverse();
  const options = [sy, prevSy, String(y), String(y - 1), ...quarters, ...months];
  // A shared link may name an older window: it stays selectable.
  return current && windowBounds(current) && !options.includes(current) ? [current, ...options] : options;
}

/** A coarser view than this one, to try when a headline number is hidden. */
type Coarser = { label: string; change: Partial<Record<(typeof FILTER_KEYS)[number], string>> };

function Card({
  label,
  value,
  note,
  coarser,
  onCoarser,
}: {
  label: string;
  value: Cell | number | null;
  note?: string;
  coarser?: Coarser | null;
  onCoarser?: (c: Coarser) => void;
}) {
  // A headline number never stands as a bare "x": it says why, and offers a view that may show it.
  const hidden = value === 'x' || value === null;
  return (
    <li className="kengetal-card">
      <span className="kengetal-card-value">
        <KengetalValue c={value} />
      </span>
      <span className="kengetal-card-label">{label}</span>
      {hidden && <span className="kengetal-card-note">Verborgen: anders is een klein aantal in de tabellen terug te rekenen.</span>}
      {note && <span className="kengetal-card-note">{note}</span>}
      {hidden && coarser && onCoarser && (
        <button type="button" className="secondary-button kengetal-card-action" onClick={() => onCoarser(coarser)}>
          {coarser.label}
        </button>
      )}
    </li>
  );
}

export default function KengetallenPage() {
  const session = useSession();
  const online = useOnline();
  const [params, setParams] = useSearchParams();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [csvStatus, setCsvStatus] = useState('');
  const today = dateInAmsterdam(new Date());
  const query = new URLSearchParams(FILTER_KEYS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : []))).toString();

  useEffect(() => {
    if (!online) return;
    let live = true;
    setState({ kind: 'loading' });
    apiRequest(kengetallenResponseSchema, 'GET', `/api/kengetallen${query ? `?${query}` : ''}`)
      .then((data) => live && setState({ kind: 'ready', data }))
      .catch((e: unknown) => live && setState({ kind: 'error', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      live = false;
    };
  }, [query, online, attempt]);

  const setFilter = useCallback(
    (key: (typeof FILTER_KEYS)[number], value: string) => {
      const next = new URLSearchParams(params);
      if (value) next.set(key, value);
      else next.delete(key);
      setParams(next, { replace: true });
    },
    [params, setParams],
  );

  async function downloadCsv() {
    setCsvStatus('CSV wordt gemaakt…');
    try {
      const name = await apiDownload(`/api/kengetallen.csv${query ? `?${query}` : ''}`, 'kengetallen.csv');
      setCsvStatus(`${name} is gedownload.`);
    } catch (e) {
      setCsvStatus(`Downloaden lukte niet: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  const data = state.kind === 'ready' ? state.data : null;
  const schools = session?.user.schools ?? [];
  const names: Record<string, string> = Object.fromEntries((data?.schools ?? schools).map((s) => [s.id, s.name]));

  return (
    <IonPage>
      <PageHeader title="Kengetallen" />
      <IonContent className="ion-padding kengetallen">
        <p className="kengetal-intro">
          Anonieme aantallen per school, periode en thema. Aantallen van 1 tot 4 staan er als &lt;5; een x is verborgen zodat zo’n klein
          aantal niet uit de totalen terug te rekenen is. Geen enkel dossier is hier te zien.
        </p>
        {session && readsRegionWachtlijst(session.user.role) && (
          <Link to="/wachtlijst" className="link-button">
            Wachtlijst van de regio (voor het consultatie- en adviesteam)
          </Link>
        )}

        <form className="kengetal-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
          <div className="kengetal-filter">
            <label htmlFor="kg-window">Periode</label>
            <select
              id="kg-window"
              value={params.get('window') ?? data?.filter.window ?? ''}
              onChange={(e) => setFilter('window', e.target.value)}
            >
              {windowOptions(today, params.get('window') ?? data?.filter.window).map((w) => (
                <option key={w} value={w}>
                  {windowLabel(w)}
                </option>
              ))}
            </select>
          </div>
          <div className="kengetal-filter">
            <label htmlFor="kg-group">Indeling</label>
            <select
              id="kg-group"
              value={params.get('groupBy') ?? 'school'}
              onChange={(e) => setFilter('groupBy', e.target.value === 'school' ? '' : e.target.value)}
            >
              <option value="school">per school</option>
              <option value="gemeente">per gemeente</option>
              <option value="swv">samenwerkingsverband</option>
            </select>
          </div>
          <div className="kengetal-filter">
            <label htmlFor="kg-period">Per</label>
            <select
              id="kg-period"
              value={params.get('period') ?? 'month'}
              onChange={(e) => setFilter('period', e.target.value === 'month' ? '' : e.target.value)}
            >
              <option value="month">maand</option>
              <option value="quarter">kwartaal</option>
            </select>
          </div>
          <div className="kengetal-filter">
            <label htmlFor="kg-school">School</label>
            <select id="kg-school" value={params.get('school') ?? ''} onChange={(e) => setFilter('school', e.target.value)}>
              <option value="">Alle scholen</option>
              {schools.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="kengetal-filter">
            <label htmlFor="kg-theme">Thema</label>
            <select id="kg-theme" value={params.get('theme') ?? ''} onChange={(e) => setFilter('theme', e.target.value)}>
              <option value="">Alle thema’s</option>
              {signalThemes.map((t) => (
                <option key={t} value={t}>
                  {kengetalLabels.theme[t]}
                </option>
              ))}
            </select>
          </div>
        </form>

        {!online ? (
          <div className="notice" role="status">
            <p>Je bent offline. Kengetallen komen van de centrale dienst en zijn alleen met verbinding te zien.</p>
          </div>
        ) : state.kind === 'loading' ? (
          <p role="status" className="loading">
            Kengetallen laden…
          </p>
        ) : state.kind === 'error' ? (
          <div className="error-summary" role="alert">
            <p>De kengetallen konden niet worden geladen: {state.message}</p>
            <button type="button" className="secondary-button" onClick={() => setAttempt((n) => n + 1)}>
              Opnieuw proberen
            </button>
          </div>
        ) : (
          data && (
            <Dashboard
              data={data}
              names={names}
              onCsv={() => void downloadCsv()}
              csvStatus={csvStatus}
              onCoarser={(c) => {
                const next = new URLSearchParams(params);
                for (const [k, v] of Object.entries(c.change)) next.set(k, v);
                setParams(next, { replace: true });
              }}
            />
          )
        )}
      </IonContent>
    </IonPage>
  );
}

/** The next coarser view: per quarter, then per samenwerkingsverband, then the whole school year. */
function coarserView(data: Figures): Coarser | null {
  const f = data.filter;
  if (f.period === 'month' && windowBounds(f.window)?.kind !== 'month' && data.coarsened.period === null) {
    return { label: 'Bekijk per kwartaal', change: { period: 'quarter' } };
  }
  if (f.groupBy !== 'swv' && f.schoolIds.length > 1)
    return { label: 'Bekijk voor het hele samenwerkingsverband', change: { groupBy: 'swv' } };
  const b = windowBounds(f.window);
  if (b && b.kind !== 'schoolYear') return { label: 'Bekijk het hele schooljaar', change: { window: schoolYearOf(b.from) } };
  return null;
}

function Dashboard({
  data,
  names,
  onCsv,
  csvStatus,
  onCoarser,
}: {
  data: Figures;
  names: Record<string, string>;
  onCsv: () => void;
  csvStatus: string;
  onCoarser: (c: Coarser) => void;
}) {
  const t = data.tables;
  const all = data.responseTimes.find((r) => r.schoolId === null);
  const thuis = t.absenceBySchool.colTotals?.[1] ?? null;
  const meldOpen = t.meldcodeBySchool.colTotals?.[0] ?? null;
  // Signals per period: the row totals of signalsByPeriodAndSchool ("x" where that table has none).
  const perPeriod = t.signalsByPeriodAndSchool;
  const trend = perPeriod.rows.map((p, i) => ({ label: periodLabel(p), value: perPeriod.rowTotals?.[i] ?? ('x' as Cell) }));
  const perSchool = t.signalsByPeriodAndSchool.cols.map((s, j) => ({
    label: dimLabel(t.signalsByPeriodAndSchool.colDim, s, names),
    value: t.signalsByPeriodAndSchool.colTotals?.[j] ?? ('x' as Cell),
  }));
  const theme = data.filter.theme ? dimLabel('theme', data.filter.theme) : 'alle thema’s';
  const grouping = data.filter.groupBy === 'gemeente' ? ', per gemeente' : data.filter.groupBy === 'swv' ? ', samenwerkingsverband' : '';
  const summary = `${windowLabel(data.filter.window)} (${formatDay(data.filter.from)} t/m ${formatDay(data.filter.to)}), ${theme}, ${data.filter.schoolIds.length === 1 ? names[data.filter.schoolIds[0]!] : `${data.filter.schoolIds.length} scholen`}${grouping}`;
  const coarser = coarserView(data);
  const unitWord = data.filter.groupBy === 'gemeente' ? 'gemeenten' : 'scholen';
  const perUnit = data.filter.groupBy === 'gemeente' ? 'gemeente' : data.filter.groupBy === 'swv' ? 'samenwerkingsverband' : 'school';

  return (
    <>
      <p className="kengetal-summary" aria-live="polite">
        Kengetallen voor {summary}.
      </p>
      {(data.coarsened.period || data.coarsened.mergedUnits.length > 0) && (
        <div className="kengetal-coarser" role="note">
          {data.coarsened.period && <p>Getoond per kwartaal in plaats van per maand, zodat de totalen zichtbaar blijven.</p>}
          {data.coarsened.mergedUnits.length > 0 && (
            <p>
              Kleine aantallen: {data.coarsened.mergedUnits.length} {unitWord} staan samen onder “Overige {unitWord}”, zodat de totalen
              zichtbaar blijven.
            </p>
          )}
        </div>
      )}
      <ul className="kengetal-cards" aria-label="Kerncijfers">
        <Card label="Signalen" value={sumCell(t.signalsByThemeAndSeriousness.total)} coarser={coarser} onCoarser={onCoarser} />
        {/* Soft hyphens: at 360 px the long words break at a syllable, not anywhere. */}
        <Card label={'Contact\u00admomenten'} value={sumCell(t.contactsByChannelAndParty.total)} coarser={coarser} onCoarser={onCoarser} />
        <Card label={'Consultatie\u00advragen gesteld'} value={sumCell(t.requestsBySchool.total)} coarser={coarser} onCoarser={onCoarser} />
        <MedianCard all={all} />
        <Card
          label="Thuiszitters nu"
          value={thuis}
          note={`peildatum ${formatDay(data.referenceDate)}`}
          coarser={coarser}
          onCoarser={onCoarser}
        />
        <Card label="Meldcode-trajecten open" value={meldOpen} coarser={coarser} onCoarser={onCoarser} />
      </ul>

      <button type="button" className="secondary-button kengetal-csv" onClick={onCsv}>
        Download als CSV
      </button>
      <p role="status" className="kengetal-csv-status">
        {csvStatus}
      </p>

      <section aria-labelledby="kg-trend">
        <h2 id="kg-trend">Signalen per {data.filter.period === 'month' ? 'maand' : 'kwartaal'}</h2>
        <Suspense fallback={<p className="loading">Grafiek laden…</p>}>
          <ChartTrend
            title={`Staafdiagram: signalen per ${data.filter.period === 'month' ? 'maand' : 'kwartaal'}; de tabel staat hieronder`}
            points={trend}
          />
        </Suspense>
        <details>
          <summary>Tabel bij deze grafiek</summary>
          <KengetalTable table={perPeriod} schoolNames={names} />
        </details>
      </section>

      <section aria-labelledby="kg-schools">
        <h2 id="kg-schools">Signalen per {perUnit}</h2>
        <Suspense fallback={<p className="loading">Grafiek laden…</p>}>
          <ChartCompare title={`Staafdiagram: signalen per ${perUnit}; de tabel staat hieronder`} points={perSchool} />
        </Suspense>
        <details>
          <summary>Tabel bij deze grafiek</summary>
          <KengetalTable table={t.signalsByPeriodAndSchool} schoolNames={names} />
        </details>
      </section>

      <section aria-labelledby="kg-thuiszitters">
        <h2 id="kg-thuiszitters">Thuiszitters en terugkeer naar onderwijs</h2>
        <p className="kengetal-note">
          Uit het verzuim en de verzuimroutes: wie in deze periode thuiszitter was (langer dan 4 weken afwezig zonder vrijstelling), hoe
          lang en hoe het afliep. Terug binnen 3 of 6 maanden telt alleen wie al zo lang thuiszitter was of eerder terugkwam; wie verhuisde,
          telt niet mee.
        </p>
        {(
          [
            t.thuiszittersByDurationAndOutcome,
            t.returnWithin3Months,
            t.returnWithin6Months,
            t.vrijstellingenBySchool,
            t.routesPerStep,
          ] as CountTable[]
        ).map((table) => (
          <KengetalTable key={table.title} table={table} schoolNames={names} />
        ))}
      </section>

      <section aria-labelledby="kg-wachtlijst">
        <h2 id="kg-wachtlijst">Wachtlijst voor zorg</h2>
        <KengetalTable table={t.waitingForCare} schoolNames={names} />
        <div className="kengetal-table-wrap" tabIndex={0} role="region" aria-label="Wachttijd voor zorg">
          <table className="kengetal-table">
            <caption>Wachttijd voor zorg (weken)</caption>
            <thead>
              <tr>
                <td />
                <th scope="col">Aantal</th>
                <th scope="col">Mediaan</th>
                <th scope="col">90e percentiel</th>
              </tr>
            </thead>
            <tbody>
              {data.waitingTimes.map((w) => (
                <tr key={w.state}>
                  <th scope="row">{dimLabel('waitState', w.state)}</th>
                  <td>
                    <KengetalValue c={w.n} />
                  </td>
                  <td>{cellText(w.medianWeeks)}</td>
                  <td>{cellText(w.p90Weeks)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="kengetal-note">
          Wacht nog: de weken tot de peildatum. Zorg gestart: de weken van verwijzing tot de start, voor wie in deze periode begon. Een
          mediaan over minder dan 5 verwijzingen wordt niet getoond (–).
        </p>
      </section>

      <section aria-labelledby="kg-tables">
        <h2 id="kg-tables">Alle tabellen</h2>
        {(
          [
            t.signalsByThemeAndSeriousness,
            t.trend,
            t.contactsByChannelAndParty,
            t.requestsBySchool,
            t.absenceBySchool,
            t.absenceByDuration,
            t.meldcodeBySchool,
          ] as CountTable[]
        ).map((table) => (
          <KengetalTable key={table.title} table={table} schoolNames={names} />
        ))}
        <div className="kengetal-table-wrap" tabIndex={0} role="region" aria-label="Tijd tot eerste antwoord">
          <table className="kengetal-table">
            <caption>Tijd tot eerste antwoord op consultatievragen (uren)</caption>
            <thead>
              <tr>
                <td />
                <th scope="col">Beantwoord</th>
                <th scope="col">Mediaan</th>
                <th scope="col">90e percentiel</th>
              </tr>
            </thead>
            <tbody>
              {data.responseTimes.map((r) => (
                <tr key={r.schoolId ?? 'all'}>
                  <th scope="row">{r.schoolId ? dimLabel(t.requestsBySchool.rowDim, r.schoolId, names) : `Alle ${unitWord}`}</th>
                  <td>
                    <KengetalValue c={r.n} />
                  </td>
                  <td>{cellText(r.medianHours)}</td>
                  <td>{cellText(r.p90Hours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="kengetal-note">
          Een mediaan of percentiel over minder dan 5 vragen wordt niet getoond (–), en ook niet als het aantal zelf verborgen is. Verzuim
          en thuiszitters: de stand op de peildatum ({formatDay(data.referenceDate)}).
        </p>
      </section>
    </>
  );
}

function MedianCard({ all }: { all: Figures['responseTimes'][number] | undefined }) {
  // The reason follows the published count only: "fewer than 5" beside a hidden count would tell it.
  const note =
    all?.medianHours != null
      ? `uur · 90% binnen ${cellText(all.p90Hours)} uur`
      : all?.n === null || all === undefined
        ? 'niet getoond: het aantal beantwoorde vragen is verborgen'
        : 'te weinig beantwoorde vragen (minder dan 5)';
  return (
    <li className="kengetal-card">
      <span className="kengetal-card-value">
        <KengetalValue c={all?.medianHours ?? null} />
      </span>
      <span className="kengetal-card-label">Mediaan tot eerste antwoord</span>
      <span className="kengetal-card-note">{note}</span>
    </li>
  );
}
