import { useIonRouter } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { dateInAmsterdam, type Signal } from '../../domain';
import { db } from '../db/db';
import { meldcodeOfSignal, startMeldcode } from '../db/meldcode';
import { currentUserId } from '../auth/session';
import { MeldcodeProgress } from './MeldcodeProgress';

/**
 * The Meldcode on a saved signal: for theme veiligheid a panel that starts the trajectory or shows
 * its progress; any other signal gets a smaller "Meldcode starten".
 */
export function MeldcodePanel({ signal }: { signal: Signal }) {
  const meldcode = useLiveQuery(() => meldcodeOfSignal(db, signal.id), [signal.id]);
  const router = useIonRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const safety = signal.theme === 'veiligheid';
  if (meldcode === undefined) return null;

  async function start() {
    setBusy(true);
    setError(null);
    try {
      const m = await startMeldcode(db, signal, dateInAmsterdam(new Date()), currentUserId());
      router.push(`/meldcode/${m.id}`, 'forward', 'push');
    } catch (e) {
      setError(`Starten is niet gelukt: ${String(e)}`);
    } finally {
      setBusy(false);
    }
  }

  if (meldcode) {
    return (
      <section className={`meldcode-panel${safety ? ' is-safety' : ''}`} aria-labelledby="meldcode-panel-title">
        <h2 id="meldcode-panel-title">Meldcode</h2>
        <MeldcodeProgress meldcode={meldcode} />
        <Link className="primary-button block" to={`/meldcode/${meldcode.id}`}>
          Meldcode-traject openen
        </Link>
      </section>
    );
  }
  if (!safety) {
    return (
      <div className="meldcode-start-small">
        <button type="button" className="link-button" disabled={busy} onClick={() => void start()}>
          Meldcode starten
        </button>
        {error && <p className="field-error">{error}</p>}
      </div>
    );
  }
  return (
    <section className="meldcode-panel is-safety" aria-labelledby="meldcode-panel-title">
      <h2 id="meldcode-panel-title">Meldcode</h2>
      <p>Bij een vermoeden van huiselijk geweld of kindermishandeling doorloop je de vijf stappen van de meldcode. Leg ze hier vast.</p>
      <button type="button" className="primary-button block" disabled={busy} onClick={() => void start()}>
        Meldcode-traject starten
      </button>
      {error && <p className="field-error">{error}</p>}
    </section>
  );
}
