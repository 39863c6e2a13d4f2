import { IonContent, IonPage } from '@ionic/react';

export function Loading({ label = 'Laden…' }: { label?: string }) {
  return (
    <IonPage>
      <IonContent className="ion-padding">
        <p role="status" className="loading">
          {label}
        </p>
      </IonContent>
    </IonPage>
  );
}

export function NotFound({ what }: { what: string }) {
  return (
    <IonPage>
      <IonContent className="ion-padding">
        <h1>{what} niet gevonden</h1>
        <p>Dit staat niet (meer) op dit toestel.</p>
        <a href="/vandaag">Naar Vandaag</a>
      </IonContent>
    </IonPage>
  );
}
