import { IonApp, IonIcon, IonLabel, IonRouterOutlet, IonTabBar, IonTabButton, IonTabs } from '@ionic/react';
import { IonReactRouter } from '@ionic/react-router';
import { businessOutline, calendarOutline, chatbubblesOutline, callOutline, helpCircleOutline, peopleOutline, personCircleOutline, shieldCheckmarkOutline, statsChartOutline } from 'ionicons/icons';
import { lazy, Suspense, type ComponentType } from 'react';
import { Navigate, Route } from 'react-router-dom';
import { Loading } from './components/Loading';
import { lazyScreen } from './lazyScreen';
import { UpdatePrompt } from './components/UpdatePrompt';
import { useSession } from './auth/session';
import { useLockState } from './auth/pin';
import TodayPage from './pages/TodayPage';
import { TabBadge } from './components/TabBadge';
import type { Role } from './auth/session';

interface Tab {
  tab: string;
  href: string;
  label: string;
  icon: string;
  /** What the tab's badge counts (see TabBadge). */
  badge?: 'openRequests';
}

/** The tabs each role sees; the server refuses what a role may not do, this only keeps the app tidy. */
const tabsOf: Record<Role, Tab[]> = {
  jeugdprofessional: [
    { tab: 'vandaag', href: '/vandaag', label: 'Vandaag', icon: calendarOutline },
    { tab: 'leerlingen', href: '/leerlingen', label: 'Leerlingen', icon: peopleOutline },
    { tab: 'consultaties', href: '/consultaties', label: 'Consultaties', icon: chatbubblesOutline, badge: 'openRequests' },
    { tab: 'contactpersonen', href: '/contactpersonen', label: 'Contactpersonen', icon: callOutline },
  ],
  ib: [
    { tab: 'vragen', href: '/vragen', label: 'Vragen', icon: helpCircleOutline },
    { tab: 'contactpersonen', href: '/contactpersonen', label: 'Contactpersonen', icon: callOutline },
  ],
  coordinator: [
    { tab: 'contactpersonen', href: '/contactpersonen', label: 'Contactpersonen', icon: callOutline },
    { tab: 'scholen', href: '/scholen', label: 'Scholen', icon: businessOutline },
    { tab: 'kengetallen', href: '/kengetallen', label: 'Kengetallen', icon: statsChartOutline },
  ],
  beheerder: [
    { tab: 'gebruikers', href: '/beheer/gebruikers', label: 'Gebruikers', icon: personCircleOutline },
    { tab: 'logboek', href: '/beheer/dossier', label: 'Logboek', icon: shieldCheckmarkOutline },
    { tab: 'contactpersonen', href: '/contactpersonen', label: 'Contactpersonen', icon: callOutline },
  ],
};

const homeOf: Record<Role, string> = {
  jeugdprofessional: '/vandaag',
  ib: '/vragen',
  coordinator: '/contactpersonen',
  beheerder: '/beheer/gebruikers',
};

// Vandaag is the first screen and ships in the first chunk; every other screen loads on demand.
function lazyPage(load: () => Promise<{ default: ComponentType }>) {
  // Not React.lazy: a screen whose chunk is loaded renders at once (lazyScreen.tsx, issue 7).
  const Page = lazyScreen(load);
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

const LoginPage = lazy(() => import('./pages/LoginPage'));
const LockPage = lazy(() => import('./pages/LockPage'));
const SetPinPage = lazy(() => import('./pages/SetPinPage'));

/** A whole-screen page before the app: log-in, lock or PIN set-up (issue 6). */
function Gate({ children }: { children: React.ReactNode }) {
  return (
    <IonApp>
      <Suspense fallback={<Loading />}>{children}</Suspense>
      <UpdatePrompt />
    </IonApp>
  );
}

export function App() {
  const session = useSession();
  const lock = useLockState();
  // Locked: the data key and the session are not in memory; only the PIN opens them.
  if (lock === 'locked') {
    return (
      <Gate>
        <LockPage />
      </Gate>
    );
  }
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
  if (lock === 'needsPin') {
    return (
      <Gate>
        <SetPinPage />
      </Gate>
    );
  }
  const role = session.user.role;
  const home = homeOf[role];
  return (
    <IonApp>
      <IonReactRouter>
        <IonTabs>
          <IonRouterOutlet>
            <Route path="/vandaag" element={role === 'jeugdprofessional' ? <TodayPage /> : <Navigate to={home} replace />} />
            <Route path="/leerlingen" element={lazyPage(() => import('./pages/PupilsPage'))} />
            <Route path="/leerlingen/nieuw" element={lazyPage(() => import('./pages/PupilFormPage'))} />
            <Route path="/leerlingen/:id" element={lazyPage(() => import('./pages/PupilPage'))} />
            <Route path="/leerlingen/:id/wijzigen" element={lazyPage(() => import('./pages/PupilFormPage'))} />
            <Route path="/signaal/:id" element={lazyPage(() => import('./pages/SignalFormPage'))} />
            <Route path="/contactmoment/:id" element={lazyPage(() => import('./pages/ContactFormPage'))} />
            <Route path="/consultatie/:id" element={lazyPage(() => import('./pages/ConsultationFormPage'))} />
            <Route path="/consultaties" element={lazyPage(() => import('./pages/ConsultationsPage'))} />
            <Route path="/meldcode/:id" element={lazyPage(() => import('./pages/MeldcodePage'))} />
            <Route path="/vragen" element={lazyPage(() => import('./pages/RequestsPage'))} />
            <Route path="/vragen/nieuw" element={lazyPage(() => import('./pages/RequestFormPage'))} />
            <Route path="/vragen/:id" element={lazyPage(() => import('./pages/RequestPage'))} />
            <Route path="/vragen/:id/wijzigen" element={lazyPage(() => import('./pages/RequestFormPage'))} />
            <Route path="/contactpersonen" element={lazyPage(() => import('./pages/ContactPersonsPage'))} />
            <Route path="/contactpersonen/:id" element={lazyPage(() => import('./pages/ContactPersonFormPage'))} />
            <Route path="/kengetallen" element={lazyPage(() => import('./pages/KengetallenPage'))} />
            <Route path="/scholen" element={lazyPage(() => import('./pages/SchoolsPage'))} />
            <Route path="/beheer/gebruikers" element={lazyPage(() => import('./pages/UsersPage'))} />
            <Route path="/beheer/gebruikers/:id" element={lazyPage(() => import('./pages/UserFormPage'))} />
            <Route path="/beheer/dossier" element={lazyPage(() => import('./pages/AuditPage'))} />
            <Route path="/registraties" element={lazyPage(() => import('./pages/RecordsPage'))} />
            <Route path="/instellingen" element={lazyPage(() => import('./pages/SettingsPage'))} />
            <Route path="/inloggen" element={lazyPage(() => import('./pages/LoginPage'))} />
            <Route path="/" element={<Navigate to={home} replace />} />
            <Route path="*" element={<Navigate to={home} replace />} />
          </IonRouterOutlet>
          <IonTabBar slot="bottom">
            {tabsOf[role].map((t) => (
              <IonTabButton key={t.tab} tab={t.tab} href={t.href}>
                <IonIcon icon={t.icon} aria-hidden="true" />
                <IonLabel>{t.label}</IonLabel>
                {t.badge && <TabBadge kind={t.badge} />}
              </IonTabButton>
            ))}
          </IonTabBar>
        </IonTabs>
      </IonReactRouter>
      <UpdatePrompt />
    </IonApp>
  );
}
