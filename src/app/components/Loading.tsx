import { IonContent, IonPage } from '@ionic/react';

/**
 * A loading line, not a page: Ionic runs its page transition on the first <IonPage> a route
 * renders, so a placeholder page would take the transition and leave the real page invisible.
 */
export function Loading({ label = 'Laden…' }: { label?: string }) {
  return (
    <p role="status" className="loading ion-padding">
      {label}
    </p>
  );
}

export function NotFound({ what }: { what: string }) {
  return (
    <IonPage>
      <IonContent className="ion-padding">
        <h1>{what} niet gevonden</h1>
        <NotFoundText />
      </IonContent>
    </IonPage>
  );
}

/** What NotFound says, for a page that has its own <IonPage> and heading already. */
export function NotFoundText() {
  return (
    <>
      <p>Dit staat niet (meer) op dit toestel.</p>
      <a href="/vandaag">Naar Vandaag</a>
    </>
  );
}
