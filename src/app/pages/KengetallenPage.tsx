import { IonContent, IonPage } from '@ionic/react';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  cellText, dimLabel, kengetalLabels, periodLabel, type Cell, type CountTable,
} from '../../domain/kengetallen';
import { signalThemes } from '../../domain/signal';
import { kengetallenResponseSchema, type KengetallenResponse } from '../../sync/api/kengetallen';
import { apiDownload, apiRequest } from '../api/client';
import { useSession } from '../auth/session';
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

const FILTER_KEYS = ['from', 'to', 'period', 'school', 'theme'] as const;

const sumCell = (c: Cell | null | undefined) => (c === undefined || c === null ? null : c);

function Card({ label, value, note }: { label: string; value: Cell | number | null; note?: string }) {
  return (
    <li className="kengetal-card">
      <span className="kengetal-card-value">
        <KengetalValue c={value} />
      </span>
      <span className="kengetal-card-label">{label}</span>
      {note && <span className="kengetal-card-note">{note}</span>}
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
          Anonieme aantallen per school, periode en thema. Aantallen van 1 tot 4 staan er als &lt;5; een x is verborgen zodat
          zo’n klein aantal niet uit de totalen terug te rekenen is. Geen enkel dossier is hier te zien.
        </p>

        <form className="kengetal-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
          <div className="kengetal-filter">
            <label htmlFor="kg-from">Van</label>
            <input id="kg-from" type="date" value={params.get('from') ?? data?.filter.from ?? ''} onChange={(e) => setFilter('from', e.target.value)} />
          </div>
          <div className="kengetal-filter">
            <label htmlFor="kg-to">Tot en met</label>
            <input id="kg-to" type="date" value={params.get('to') ?? data?.filter.to ?? ''} onChange={(e) => setFilter('to', e.target.value)} />
          </div>
          <div className="kengetal-filter">
            <label htmlFor="kg-period">Per</label>
            <select id="kg-period" value={params.get('period') ?? 'month'} onChange={(e) => setFilter('period', e.target.value === 'month' ? '' : e.target.value)}>
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
          data && <Dashboard data={data} names={names} onCsv={() => void downloadCsv()} csvStatus={csvStatus} />
        )}
      </IonContent>
    </IonPage>
  );
}

function Dashboard({ data, names, onCsv, csvStatus }: { data: Figures; names: Record<string, string>; onCsv: () => void; csvStatus: string }) {
  const t = data.tables;
  const all = data.responseTimes.find((r) => r.schoolId === null);
  const thuis = t.absenceBySchool.colTotals?.[1] ?? null;
  const meldOpen = t.meldcodeBySchool.colTotals?.[0] ?? null;
  // Signals per period: the row totals of signalsByPeriodAndSchool ("x" where that table has none).
  const perPeriod = t.signalsByPeriodAndSchool;
  const trend = perPeriod.rows.map((p, i) => ({ label: periodLabel(p), value: perPeriod.rowTotals?.[i] ?? ('x' as Cell) }));
  const perSchool = t.signalsByPeriodAndSchool.cols.map((s, j) => ({
    label: names[s] ?? s, value: t.signalsByPeriodAndSchool.colTotals?.[j] ?? ('x' as Cell),
  }));
  const theme = data.filter.theme ? dimLabel('theme', data.filter.theme) : 'alle thema’s';
  const summary = `${formatDay(data.filter.from)} t/m ${formatDay(data.filter.to)}, ${theme}, ${data.filter.schoolIds.length === 1 ? names[data.filter.schoolIds[0]!] : `${data.filter.schoolIds.length} scholen`}`;

  return (
    <>
      <p className="kengetal-summary" aria-live="polite">
        Kengetallen voor {summary}.
      </p>
      <ul className="kengetal-cards" aria-label="Kerncijfers">
        <Card label="Signalen" value={sumCell(t.signalsByThemeAndSeriousness.total)} />
        {/* Soft hyphens: at 360 px the long words break at a syllable, not anywhere. */}
        <Card label={'Contact\u00admomenten'} value={sumCell(t.contactsByChannelAndParty.total)} />
        <Card label={'Consultatie\u00advragen gesteld'} value={sumCell(t.requestsBySchool.total)} />
        <Card
          label="Mediaan tot eerste antwoord"
          value={all?.medianHours ?? null}
          note={all?.medianHours == null ? 'te weinig beantwoorde vragen (minder dan 5)' : `uur · 90% binnen ${cellText(all.p90Hours)} uur`}
        />
        <Card label="Thuiszitters nu" value={thuis} note={`${thuis === null ? 'niet getoond: te kleine aantallen · ' : ''}peildatum ${formatDay(data.referenceDate)}`} />
        <Card label="Meldcode-trajecten open" value={meldOpen} note={meldOpen === null ? 'niet getoond: te kleine aantallen' : undefined} />
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
          <ChartTrend title={`Staafdiagram: signalen per ${data.filter.period === 'month' ? 'maand' : 'kwartaal'}; de tabel staat hieronder`} points={trend} />
        </Suspense>
        <details>
          <summary>Tabel bij deze grafiek</summary>
          <KengetalTable table={perPeriod} schoolNames={names} />
        </details>
      </section>

      <section aria-labelledby="kg-schools">
        <h2 id="kg-schools">Signalen per school</h2>
        <Suspense fallback={<p className="loading">Grafiek laden…</p>}>
          <ChartCompare title="Staafdiagram: signalen per school; de tabel staat hieronder" points={perSchool} />
        </Suspense>
        <details>
          <summary>Tabel bij deze grafiek</summary>
          <KengetalTable table={t.signalsByPeriodAndSchool} schoolNames={names} />
        </details>
      </section>

      <section aria-labelledby="kg-tables">
        <h2 id="kg-tables">Alle tabellen</h2>
        {(
          [
            t.signalsByThemeAndSeriousness, t.trend, t.contactsByChannelAndParty, t.requestsBySchool, t.absenceBySchool,
            t.absenceByDuration, t.meldcodeBySchool,
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
                  <th scope="row">{r.schoolId ? (names[r.schoolId] ?? r.schoolId) : 'Alle scholen'}</th>
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
          Een mediaan of percentiel over minder dan 5 vragen wordt niet getoond (–). Verzuim en thuiszitters: de stand op de
          peildatum ({formatDay(data.referenceDate)}).
        </p>
      </section>
    </>
  );
}
