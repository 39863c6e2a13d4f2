import { IonApp, IonIcon, IonLabel, IonRouterOutlet, IonTabBar, IonTabButton, IonTabs } from '@ionic/react';
import { IonReactRouter } from '@ionic/react-router';
import { calendarOutline, chatbubblesOutline, callOutline, peopleOutline } from 'ionicons/icons';
import { lazy, Suspense, type ComponentType } from 'react';
import { Navigate, Route } from 'react-router-dom';
import { Loading } from './components/Loading';
import { UpdatePrompt } from './components/UpdatePrompt';
import { useSession } from './auth/session';
import TodayPage from './pages/TodayPage';

// Vandaag is the first screen and ships in the first chunk; every other screen loads on demand.
function lazyPage(load: () => Promise<{ default: ComponentType }>) {
  const Page = lazy(load);
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

const LoginPage = lazy(() => import('./pages/LoginPage'));

export function App() {
  const session = useSession();
  if (!session) {
    // Nobody signed in on this device yet (or signed out): log-in first. After that the app opens
    // offline with the local data, also when the session has expired.
    return (
      <IonApp>
        <Suspense fallback={<Loading />}>
          <LoginPage />
        </Suspense>
        <UpdatePrompt />
      </IonApp>
    );
  }
  return (
    <IonApp>
      <IonReactRouter>
        <IonTabs>
          <IonRouterOutlet>
            <Route path="/vandaag" element={<TodayPage />} />
            <Route path="/leerlingen" element={lazyPage(() => import('./pages/PupilsPage'))} />
            <Route path="/leerlingen/nieuw" element={lazyPage(() => import('./pages/PupilFormPage'))} />
            <Route path="/leerlingen/:id" element={lazyPage(() => import('./pages/PupilPage'))} />
            <Route path="/leerlingen/:id/wijzigen" element={lazyPage(() => import('./pages/PupilFormPage'))} />
            <Route path="/signaal/:id" element={lazyPage(() => import('./pages/SignalFormPage'))} />
            <Route path="/contactmoment/:id" element={lazyPage(() => import('./pages/ContactFormPage'))} />
            <Route path="/consultatie/:id" element={lazyPage(() => import('./pages/ConsultationFormPage'))} />
            <Route path="/consultaties" element={lazyPage(() => import('./pages/ConsultationsPage'))} />
            <Route path="/contactpersonen" element={lazyPage(() => import('./pages/ContactPersonsPage'))} />
            <Route path="/registraties" element={lazyPage(() => import('./pages/RecordsPage'))} />
            <Route path="/instellingen" element={lazyPage(() => import('./pages/SettingsPage'))} />
            <Route path="/inloggen" element={lazyPage(() => import('./pages/LoginPage'))} />
            <Route path="/" element={<Navigate to="/vandaag" replace />} />
            <Route path="*" element={<Navigate to="/vandaag" replace />} />
          </IonRouterOutlet>
          <IonTabBar slot="bottom">
            <IonTabButton tab="vandaag" href="/vandaag">
              <IonIcon icon={calendarOutline} aria-hidden="true" />
              <IonLabel>Vandaag</IonLabel>
            </IonTabButton>
            <IonTabButton tab="leerlingen" href="/leerlingen">
              <IonIcon icon={peopleOutline} aria-hidden="true" />
              <IonLabel>Leerlingen</IonLabel>
            </IonTabButton>
            <IonTabButton tab="consultaties" href="/consultaties">
              <IonIcon icon={chatbubblesOutline} aria-hidden="true" />
              <IonLabel>Consultaties</IonLabel>
            </IonTabButton>
            <IonTabButton tab="contactpersonen" href="/contactpersonen">
              <IonIcon icon={callOutline} aria-hidden="true" />
              <IonLabel>Contactpersonen</IonLabel>
            </IonTabButton>
          </IonTabBar>
        </IonTabs>
      </IonReactRouter>
      <UpdatePrompt />
    </IonApp>
  );
}
