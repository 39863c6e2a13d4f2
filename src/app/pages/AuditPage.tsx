// "Wie zag dit dossier" (NEN 7513): the beheerder enters a pupil's dossiernummer and sees
// every access to it; and exports the audit log for a period as CSV. Online only: the log lives on
// the central service, never on a device.
import { IonContent, IonPage } from '@ionic/react';
import { useState, type FormEvent } from 'react';
import { subDays } from 'date-fns';
import { pupilAuditResponseSchema, type AuditEntry } from '../../sync/api/audit';
import { ApiError, apiDownload, apiRequest } from '../api/client';
import { PageHeader } from '../components/PageHeader';
import { TextField } from '../components/fields';
import { formatDate, formatTime, todayIso } from '../i18n/format';

type Entry = AuditEntry;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The log lives on the central service only: without a connection, say so. */
const failure = (err: unknown) =>
  err instanceof ApiError && err.kind === 'offline'
    ? 'Geen verbinding met de centrale dienst. Het logboek is alleen online te zien.'
    : err instanceof Error
      ? err.message
      : String(err);

const viaLabel = (via: string | null) => (via === 'device' ? ' · geopend op het toestel' : via === 'pull' ? ' · gesynchroniseerd' : '');

export default function AuditPage() {
  const [dossier, setDossier] = useState('');
  const [onBehalfOf, setOnBehalfOf] = useState('');
  const [dossierError, setDossierError] = useState<string | undefined>();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [shownFor, setShownFor] = useState('');
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [from, setFrom] = useState(() => todayIso(subDays(new Date(), 30)));
  const [to, setTo] = useState(() => todayIso());
  const [exportError, setExportError] = useState<string | undefined>();

  async function search(e: FormEvent) {
    e.preventDefault();
    const id = dossier.trim().toLowerCase();
    if (!UUID.test(id)) {
      setDossierError('Vul een geldig dossiernummer in (36 tekens, zoals het op de leerlingpagina staat)');
      return;
    }
    setDossierError(undefined);
    setBusy(true);
    setStatus('Logboek laden…');
    try {
      const namens = onBehalfOf.trim() ? `?namens=${encodeURIComponent(onBehalfOf.trim())}` : '';
      const body = await apiRequest(pupilAuditResponseSchema, 'GET', `/api/audit/pupils/${id}${namens}`);
      setEntries(body.entries);
      setShownFor(id);
      setStatus(
        body.entries.length === 0 ? 'Geen toegang gevonden voor dit dossiernummer.' : `${body.entries.length} keer toegang gevonden.`,
      );
    } catch (err) {
      setEntries(null);
      setStatus('');
      setDossierError(failure(err));
    } finally {
      setBusy(false);
    }
  }

  async function exportLog(e: FormEvent) {
    e.preventDefault();
    if (!from || !to || from > to) {
      setExportError('Kies een begindatum die niet na de einddatum ligt');
      return;
    }
    setExportError(undefined);
    setBusy(true);
    setStatus('Export maken…');
    try {
      await apiDownload(`/api/audit/export?from=${from}&to=${to}`, `logboek-${from}-tot-en-met-${to}.csv`);
      setStatus('Export gedownload.');
    } catch (err) {
      setStatus('');
      setExportError(failure(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <IonPage>
      <PageHeader title="Wie zag dit dossier" />
      <IonContent className="ion-padding">
        <p role="status" aria-live="polite" className="visually-hidden">
          {status}
        </p>
        <section aria-labelledby="audit-search-title">
          <h2 id="audit-search-title">Toegang tot een dossier</h2>
          <form onSubmit={(e) => void search(e)} noValidate>
            <TextField
              name="dossier"
              label="Dossiernummer"
              hint="De jeugdprofessional vindt het op de pagina van de leerling. Ook voor een inzageverzoek van ouders of leerling."
              value={dossier}
              onChange={setDossier}
              error={dossierError}
              required
            />
            <TextField
              name="namens"
              label="Namens"
              hint="Bij een inzageverzoek: voor wie je dit opzoekt, bijvoorbeeld ‘ouder van de leerling, verzoek 2026-14’. Het komt bij deze opzoeking in het logboek."
              value={onBehalfOf}
              onChange={setOnBehalfOf}
              maxLength={200}
            />
            <button type="submit" className="primary-button" disabled={busy}>
              Zoeken
            </button>
          </form>
          {entries && (
            <>
              <h3>
                {entries.length === 0 ? 'Geen toegang gevonden' : `${entries.length} keer toegang`}
                <span className="visually-hidden"> tot dossier {shownFor}</span>
              </h3>
              {entries.length === 0 ? (
                <p className="empty">Niemand heeft dit dossier ingezien of gewijzigd, of het dossiernummer bestaat niet.</p>
              ) : (
                <ul className="record-list" aria-label="Toegang, nieuwste eerst">
                  {entries.map((en, i) => (
                    <li key={i} className="record-item">
                      <p className="record-title">
                        {en.actionLabel} door {en.userName}
                      </p>
                      <p className="record-meta">
                        {formatDate(en.at)} om {formatTime(en.at)} · {en.roleLabel}
                        {en.deviceName || en.deviceId ? ` · toestel ${en.deviceName ?? en.deviceId}` : ''}
                        {viaLabel(en.via)}
                        {en.onBehalfOf ? ` · namens ${en.onBehalfOf}` : ''}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </section>
        <section aria-labelledby="audit-export-title">
          <h2 id="audit-export-title">Logboek exporteren</h2>
          <form onSubmit={(e) => void exportLog(e)} noValidate>
            <div className="field-row">
              <TextField name="from" label="Van" type="date" value={from} onChange={setFrom} required />
              <TextField name="to" label="Tot en met" type="date" value={to} onChange={setTo} error={exportError} required />
            </div>
            <button type="submit" className="primary-button" disabled={busy}>
              Exporteren (CSV)
            </button>
          </form>
        </section>
      </IonContent>
    </IonPage>
  );
}
