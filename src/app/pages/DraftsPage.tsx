import { IonContent, IonPage } from '@ionic/react';
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader';
import { offerUndo, UndoNotice } from '../components/UndoNotice';
import { db } from '../db/db';
import { draftEntries } from '../db/draftList';
import { deleteDraft, loadDraft, saveDraft } from '../db/drafts';
import { formatMoment } from '../i18n/format';

const PATH = '/concepten';

/**
 * Concepten: every unfinished form on this phone (what, which pupil, when), to continue or throw
 * away. Before, a draft came back only when the same form was opened again, and a form left for
 * another screen was easily forgotten.
 */
export default function DraftsPage() {
  const entries = useLiveQuery(() => draftEntries(db), []);

  async function discard(key: string, what: string) {
    const draft = await loadDraft(db, key);
    await deleteDraft(db, key);
    if (draft)
      offerUndo({
        message: `Concept "${what}" weggegooid`,
        path: PATH,
        undo: () => saveDraft(db, key, draft.values, new Date(draft.savedAt)),
      });
  }

  return (
    <IonPage>
      <PageHeader title="Concepten" back="/instellingen" />
      <IonContent className="ion-padding">
        <p>Formulieren die je begon maar nog niet opsloeg. Ze staan alleen op dit toestel.</p>
        <UndoNotice path={PATH} />
        {entries === undefined ? (
          <p role="status">Laden…</p>
        ) : entries.length === 0 ? (
          <p className="empty" role="status">
            Geen onafgemaakte formulieren.
          </p>
        ) : (
          <ul className="draft-list" aria-label="Onafgemaakte formulieren, nieuwste eerst">
            {entries.map((e) => (
              <li key={e.key} className="draft-item">
                <h2 className="draft-what">{e.what}</h2>
                {e.pupil && <p className="draft-pupil">Leerling: {e.pupil}</p>}
                <p className="draft-when">Laatst bewerkt {formatMoment(e.savedAt)}</p>
                <div className="draft-actions">
                  <Link className="primary-button" to={e.path}>
                    Verder
                    <span className="visually-hidden">
                      {' '}
                      met {e.what}
                      {e.pupil ? ` (${e.pupil})` : ''}
                    </span>
                  </Link>
                  <button type="button" className="secondary-button" onClick={() => void discard(e.key, e.what)}>
                    Weggooien
                    <span className="visually-hidden">
                      {' '}
                      {e.what}
                      {e.pupil ? ` (${e.pupil})` : ''}
                    </span>
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </IonContent>
    </IonPage>
  );
}
