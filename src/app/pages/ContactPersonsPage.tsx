import { IonContent, IonPage } from '@ionic/react';
import { PageHeader } from '../components/PageHeader';

export default function ContactPersonsPage() {
  return (
    <IonPage>
      <PageHeader title="Contactpersonen" />
      <IonContent className="ion-padding">
        <div className="empty-state">
          <h2>Vaste contactpersonen</h2>
          <p>
            Hier vind je straks per school de vaste contactpersonen: jeugdprofessional, leerplichtambtenaar, JGZ,
            SWV-consulent, wijkteam en Veilig Thuis. Bellen of mailen met één tik, ook zonder verbinding.
          </p>
          <p>De lijst verschijnt zodra de coördinator hem heeft ingevuld en je toestel heeft gesynchroniseerd.</p>
        </div>
      </IonContent>
    </IonPage>
  );
}
