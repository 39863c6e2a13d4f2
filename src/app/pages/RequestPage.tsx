import { IonContent, IonPage } from '@ionic/react';
import { PageHeader } from '../components/PageHeader';

// Placeholder: built in issue 5.
export default function RequestPage() {
  return (
    <IonPage>
      <PageHeader title="RequestPage" />
      <IonContent className="ion-padding">
        <p>Nog niet gebouwd.</p>
      </IonContent>
    </IonPage>
  );
}
