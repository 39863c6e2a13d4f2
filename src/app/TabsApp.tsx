import {
  IonApp,
  IonIcon,
  IonLabel,
  IonPage,
  IonRouterOutlet,
  IonTabBar,
  IonTabButton,
  IonTabs,
  setupIonicReact,
  useIonRouter,
} from '@ionic/react';
import { IonReactRouter } from '@ionic/react-router';
import {
  businessOutline,
  calendarOutline,
  documentTextOutline,
  keyOutline,
  chatbubblesOutline,
  callOutline,
  helpCircleOutline,
  peopleCircleOutline,
  peopleOutline,
  personCircleOutline,
  shieldCheckmarkOutline,
  statsChartOutline,
} from 'ionicons/icons';
import { Suspense, useEffect, type ComponentType } from 'react';
import { Navigate, Route } from 'react-router-dom';
import '@ionic/react/css/core.css';
import '@ionic/react/css/normalize.css';
import '@ionic/react/css/structure.css';
import '@ionic/react/css/typography.css';
import '@ionic/react/css/padding.css';
import './theme.css';
import { keepsDossiers } from '../domain/permissions';
import { watchUnlock } from './perf/afterUnlock';
import { ensureSync } from './start/boot';
import { db } from './db/db';
import { lazyScreen } from './start/lazyScreen';
import { Loading } from './components/Loading';
import { TabBadge, type BadgeKind } from './components/TabBadge';
import LoginPage from './pages/LoginPage';
import TodayPage from './pages/today/TodayPage';
import type { Role } from '../domain/permissions';

// Ionic and its styles come with this chunk only: the log-in and lock screens before it
// are plain HTML (components/AuthShell), so the first route carries no Ionic.
setupIonicReact({ mode: 'md' });
// Once per unlock: derived indexes for rows from before schema v5, then the in-memory pupils.
watchUnlock(db);

interface Tab {
  tab: string;
  href: string;
  label: string;
  icon: string;
  /** What the tab's badge counts (see TabBadge). */
  badge?: BadgeKind;
}

/**
 * The tabs each role sees; the server refuses what a role may not do, this only keeps the app tidy.
 * At most four, so every label fits whole at 360 px (README, "Vier tabbladen"): the
 * jeugdprofessional reaches the MDO from Vandaag and from the pupil page.
 */
const tabsOf: Record<Role, Tab[]> = {
  jeugdprofessional: [
    { tab: 'vandaag', href: '/vandaag', label: 'Vandaag', icon: calendarOutline, badge: { notices: ['jpAgreement'] } },
    { tab: 'leerlingen', href: '/leerlingen', label: 'Leerlingen', icon: peopleOutline },
    { tab: 'consultaties', href: '/consultaties', label: 'Consultaties', icon: chatbubblesOutline, badge: 'openRequests' },
    { tab: 'contactpersonen', href: '/contactpersonen', label: 'Contactpersonen', icon: callOutline },
  ],
  ib: [
    { tab: 'vragen', href: '/vragen', label: 'Vragen', icon: helpCircleOutline, badge: { notices: ['answer'] } },
    { tab: 'mdo', href: '/mdo', label: 'MDO', icon: peopleCircleOutline, badge: { notices: ['schoolAgreement'] } },
    { tab: 'contactpersonen', href: '/contactpersonen', label: 'Contactpersonen', icon: callOutline },
  ],
  coordinator: [
    { tab: 'contactpersonen', href: '/contactpersonen', label: 'Contactpersonen', icon: callOutline },
    { tab: 'scholen', href: '/scholen', label: 'Scholen', icon: businessOutline },
    { tab: 'kengetallen', href: '/kengetallen', label: 'Kengetallen', icon: statsChartOutline },
    { tab: 'toegang', href: '/toegang', label: 'Toegang', icon: keyOutline },
  ],
  beheerder: [
    { tab: 'gebruikers', href: '/beheer/gebruikers', label: 'Gebruikers', icon: personCircleOutline },
    { tab: 'logboek', href: '/beheer/dossier', label: 'Logboek', icon: shieldCheckmarkOutline },
    { tab: 'inzage', href: '/beheer/inzage', label: 'Inzage', icon: documentTextOutline },
    { tab: 'contactpersonen', href: '/contactpersonen', label: 'Contactpersonen', icon: callOutline },
  ],
  leerplicht: [
    { tab: 'verzuim', href: '/verzuim', label: 'Leerlingen', icon: peopleOutline },
    { tab: 'contactpersonen', href: '/contactpersonen', label: 'Contactpersonen', icon: callOutline },
  ],
};

const homeOf: Record<Role, string> = {
  jeugdprofessional: '/vandaag',
  ib: '/vragen',
  coordinator: '/contactpersonen',
  beheerder: '/beheer/gebruikers',
  leerplicht: '/verzuim',
};

// Vandaag is the first screen and ships in this chunk; every other screen loads on demand.
function lazyPage(load: () => Promise<{ default: ComponentType }>) {
  // Not React.lazy: a screen whose chunk is loaded renders at once (lazyScreen.tsx).
  const Page = lazyScreen(load);
  return (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
}

/** /inloggen inside the app (the status strip links here when the session expired): back home after. */
function RenewLogin({ home }: { home: string }) {
  const router = useIonRouter();
  return (
    <IonPage>
      <LoginPage onDone={() => router.push(home, 'root', 'replace')} />
    </IonPage>
  );
}

/** The app after the gates: signed in and unlocked. */
export default function TabsApp({ role }: { role: Role }) {
  const home = homeOf[role];
  // Signed in and unlocked: sync runs (a gate usually started it already).
  useEffect(ensureSync, []);
  return (
    <IonApp>
      <IonReactRouter>
        <IonTabs>
          <IonRouterOutlet>
            <Route path="/vandaag" element={keepsDossiers(role) ? <TodayPage /> : <Navigate to={home} replace />} />
            <Route path="/leerlingen" element={lazyPage(() => import('./pages/PupilsPage'))} />
            <Route path="/leerlingen/nieuw" element={lazyPage(() => import('./pages/PupilFormPage'))} />
            <Route path="/leerlingen/:id" element={lazyPage(() => import('./pages/PupilPage'))} />
            <Route path="/leerlingen/:id/wijzigen" element={lazyPage(() => import('./pages/PupilFormPage'))} />
            <Route path="/signaal/:id" element={lazyPage(() => import('./pages/SignalFormPage'))} />
            <Route path="/contactmoment/:id" element={lazyPage(() => import('./pages/ContactFormPage'))} />
            <Route path="/consultatie/:id" element={lazyPage(() => import('./pages/ConsultationFormPage'))} />
            <Route path="/consultaties" element={lazyPage(() => import('./pages/ConsultationsPage'))} />
            <Route path="/meldcode/:id" element={lazyPage(() => import('./pages/MeldcodePage'))} />
            <Route path="/gezin/:id" element={lazyPage(() => import('./pages/FamilyPage'))} />
            <Route path="/verzuim" element={lazyPage(() => import('./pages/VerzuimListPage'))} />
            <Route
              path="/verzuim/record/:id"
              element={lazyPage(() => import('./pages/VerzuimListPage').then((m) => ({ default: m.VerzuimRecordPage })))}
            />
            <Route path="/verzuim/:pupilId" element={lazyPage(() => import('./pages/VerzuimroutePage'))} />
            <Route path="/vragen" element={lazyPage(() => import('./pages/RequestsPage'))} />
            <Route path="/vragen/nieuw" element={lazyPage(() => import('./pages/RequestFormPage'))} />
            <Route path="/vragen/:id" element={lazyPage(() => import('./pages/RequestPage'))} />
            <Route path="/vragen/:id/wijzigen" element={lazyPage(() => import('./pages/RequestFormPage'))} />
            <Route path="/contactpersonen" element={lazyPage(() => import('./pages/ContactPersonsPage'))} />
            <Route path="/contactpersonen/:id" element={lazyPage(() => import('./pages/ContactPersonFormPage'))} />
            <Route path="/mdo" element={lazyPage(() => import('./pages/mdo/MdoListPage'))} />
            <Route path="/mdo/:id" element={lazyPage(() => import('./pages/mdo/MdoMeetingPage'))} />
            <Route path="/mdo/:id/kaart/:itemId" element={lazyPage(() => import('./pages/mdo/MdoCardPage'))} />
            <Route path="/mdo/:id/afdruk" element={lazyPage(() => import('./pages/mdo/MdoPrintPage'))} />
            <Route path="/kengetallen" element={lazyPage(() => import('./pages/KengetallenPage'))} />
            <Route path="/wachtlijst" element={lazyPage(() => import('./pages/RegionWachtlijstPage'))} />
            <Route path="/scholen" element={lazyPage(() => import('./pages/SchoolsPage'))} />
            <Route path="/beheer/gebruikers" element={lazyPage(() => import('./pages/UsersPage'))} />
            <Route path="/beheer/gebruikers/:id" element={lazyPage(() => import('./pages/UserFormPage'))} />
            <Route path="/beheer/dossier" element={lazyPage(() => import('./pages/AuditPage'))} />
            <Route path="/beheer/inzage" element={lazyPage(() => import('./pages/RightsPage'))} />
            <Route path="/toegang" element={lazyPage(() => import('./pages/CoverPage'))} />
            <Route path="/registraties" element={lazyPage(() => import('./pages/RecordsPage'))} />
            <Route path="/instellingen" element={lazyPage(() => import('./pages/SettingsPage'))} />
            <Route path="/concepten" element={lazyPage(() => import('./pages/DraftsPage'))} />
            <Route path="/inloggen" element={<RenewLogin home={home} />} />
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
    </IonApp>
  );
}
