import { IonBackButton, IonButton, IonButtons, IonHeader, IonIcon, IonTitle, IonToolbar } from '@ionic/react';
import { settingsOutline } from 'ionicons/icons';
import { StatusStrip } from './StatusStrip';

export function PageHeader({ title, back }: { title: string; back?: string }) {
  return (
    <IonHeader>
      <IonToolbar color="primary">
        {back && (
          <IonButtons slot="start">
            <IonBackButton defaultHref={back} text="Terug" aria-label="Terug" />
          </IonButtons>
        )}
        <IonTitle>
          <h1 className="page-title">{title}</h1>
        </IonTitle>
        <IonButtons slot="end">
          <IonButton routerLink="/instellingen" aria-label="Instellingen en opslag">
            <IonIcon slot="icon-only" icon={settingsOutline} aria-hidden="true" />
          </IonButton>
        </IonButtons>
      </IonToolbar>
      <StatusStrip />
    </IonHeader>
  );
}
