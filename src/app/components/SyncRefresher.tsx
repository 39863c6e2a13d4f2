import { IonRefresher, IonRefresherContent, type RefresherEventDetail } from '@ionic/react';
import { getSyncController } from '../sync/controller';

/** Pull-to-refresh: sync now, and close the spinner when it is done (or failed: the strip says why). */
async function refresh(e: CustomEvent<RefresherEventDetail>) {
  await getSyncController()?.syncNow();
  e.detail.complete();
}

/** Pull down on a list to sync now. */
export function SyncRefresher() {
  return (
    <IonRefresher slot="fixed" onIonRefresh={(e: CustomEvent<RefresherEventDetail>) => void refresh(e)}>
      <IonRefresherContent pullingText="Trek om te synchroniseren" refreshingText="Synchroniseren…" />
    </IonRefresher>
  );
}
