import { IonContent, IonPage } from '@ionic/react';
import { PageHeader } from '../components/PageHeader';

// Placeholder: built in issue 5.
export default function UsersPage() {
  return (
    <IonPage>
      <PageHeader title="UsersPage" />
      <IonContent className="ion-padding">
        <p>Nog niet gebouwd.</p>
      </IonContent>
    </IonPage>
  );
}
