import { IonContent, IonPage, useIonRouter } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState, type MouseEvent } from 'react';
import { Link } from 'react-router-dom';
import { dateInAmsterdam, type Pupil } from '../../domain';
import { AbsenceChip } from '../components/AbsenceSummary';
import { db } from '../db/db';
import { countListed, countListedPupils, matchPupils, recentPupils } from '../db/queries';
import { SchoolFilter } from '../components/SchoolFilter';
import { TextField } from '../components/fields';
import { PageHeader } from '../components/PageHeader';
import { usePupilsInMemory } from '../perf/pupilsInMemory';
import { prefetchTimeline } from '../perf/timelinePrefetch';

/**
 * Up to this many pupils the list is every pupil by initials, as it always was. A larger caseload
 * lists the most recently changed ones through an index, so opening the tab decrypts only
 * what is shown; searching goes through the in-memory pupils (pupilsInMemory.ts) either way.
 */
export const LARGE_CASELOAD = 1000;
/** Rows shown at first and added per "Toon meer": by initials (small caseload, search) or by recency. */
const PAGE_BY_NAME = 300;
const PAGE_BY_RECENCY = 50;

export default function PupilsPage() {
  const [query, setQuery] = useState('');
  const [schoolId, setSchoolId] = useState('');
  const [shown, setShown] = useState<{ key: string; n: number } | null>(null);
  const schools = useLiveQuery(() => db.schools.orderBy('name').toArray(), [], []);
  const school = schoolId || undefined;
  const searching = query.trim() !== '';
  // "Toon meer" counts for the list it was pressed on; another query or school starts at one page.
  const recencyKey = `recent|${schoolId}`;
  const nameKey = `name|${query}|${schoolId}`;
  const recentLimit = shown?.key === recencyKey ? shown.n : PAGE_BY_RECENCY;
  // The count: from the in-memory pupils when they are there (no IndexedDB count, which is slow in
  // Chromium on a large caseload); otherwise from IndexedDB, in parallel with the most recent page,
  // so that both arrive after one round trip. The copy is asked for when it is the list
  // (a small caseload) or a search waits for it; otherwise it fills when the app is idle.
  const [small, setSmall] = useState(false);
  const inMemory = usePupilsInMemory(db, small || searching);
  const memTotal = useMemo(() => (inMemory ? countListed(inMemory.values(), school) : undefined), [inMemory, school]);
  const listRead = useLiveQuery(async () => {
    if (searching) return null;
    const [total, recent] = await Promise.all([memTotal ?? countListedPupils(db, school), recentPupils(db, recentLimit, school)]);
    return { total, recent };
  }, [searching, memTotal, school, recentLimit]);
  const total = memTotal ?? listRead?.total;
  const byRecency = !searching && total !== undefined && total > LARGE_CASELOAD;
  // Kept from the IndexedDB count: the copy it asks for then gives the count itself.
  if (!small && total !== undefined && total <= LARGE_CASELOAD) setSmall(true);
  const page = byRecency ? PAGE_BY_RECENCY : PAGE_BY_NAME;
  const listKey = byRecency ? recencyKey : nameKey;
  const limit = byRecency ? recentLimit : shown?.key === nameKey ? shown.n : PAGE_BY_NAME;
  const matches = useMemo(
    () => (inMemory && !byRecency ? matchPupils(inMemory.values(), query, school) : undefined),
    [inMemory, byRecency, query, school],
  );
  const pupils: Pupil[] | undefined = byRecency ? listRead?.recent : matches?.slice(0, limit);
  const count = byRecency ? total : matches?.length;
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));
  const today = dateInAmsterdam(new Date());
  const router = useIonRouter();
  /**
   * A tap on a pupil: read its timeline at once (timelinePrefetch.ts), and open the page without
   * Ionic's page transition (a design choice). The transition starts a frame or more after
   * the new page is there and fades it in over 280 ms, so even a page rendered complete was half
   * visible only ~90 ms later (the target is 100 ms from the tap); without it the timeline shows
   * when the page does. "Terug" goes back as before. A click with a modifier (new tab) is the link's.
   */
  function openPupil(e: MouseEvent<HTMLAnchorElement>, id: string) {
    prefetchTimeline(db, id);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    router.push(`/leerlingen/${id}`, 'none');
  }

  return (
    <IonPage>
      <PageHeader title="Leerlingen" />
      <IonContent className="ion-padding">
        <div className="filters" role="search">
          <TextField name="zoek" label="Zoek op initialen of groep" type="search" required value={query} onChange={setQuery} />
          <SchoolFilter schools={schools} value={schoolId} onChange={setSchoolId} />
        </div>
        <Link className="primary-button block" to="/leerlingen/nieuw">
          + Leerling toevoegen
        </Link>
        <p className="cover-link">
          <Link className="target-link" to="/toegang">
            Collega vervangen? Vraag tijdelijke toegang tot een leerling
          </Link>
        </p>
        {pupils === undefined || count === undefined ? (
          <p role="status">Laden…</p>
        ) : count === 0 ? (
          <p className="empty" role="status">
            {query || schoolId
              ? 'Geen leerlingen gevonden met deze zoekopdracht.'
              : 'Nog geen leerlingen op dit toestel. Voeg er een toe, of leg een signaal vast.'}
          </p>
        ) : (
          <>
            <p className="result-count" role="status">
              {count === 1 ? '1 leerling' : `${count} leerlingen`}
            </p>
            {byRecency && <p>De {pupils.length} laatst gewijzigde eerst. Zoek op initialen of groep om een leerling te vinden.</p>}
            <ul className="pupil-list">
              {pupils.map((p) => (
                <li key={p.id}>
                  <Link to={`/leerlingen/${p.id}`} className="pupil-link" onClick={(e) => openPupil(e, p.id)}>
                    <span className="pupil-initials">
                      {p.initials} <AbsenceChip pupil={p} today={today} />
                    </span>
                    <span className="pupil-meta">
                      {p.group} · {schoolName.get(p.schoolId) ?? 'Onbekende school'} · {p.birthYear}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
            {count > pupils.length && (
              <button type="button" className="secondary-button" onClick={() => setShown({ key: listKey, n: limit + page })}>
                Toon meer<span className="visually-hidden"> leerlingen</span> ({count - pupils.length} over)
              </button>
            )}
          </>
        )}
      </IonContent>
    </IonPage>
  );
}
