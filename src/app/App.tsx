import { lazy, Suspense } from 'react';
import { useLockState, type LockState } from './auth/pin';
import type { Role } from '../domain/permissions';
import { useSession } from './auth/session';
import { loadTabsApp } from './start/boot';
import { AuthShell } from './components/AuthShell';
import { ChunkBoundary } from './components/ChunkBoundary';
import { UpdatePrompt } from './components/UpdatePrompt';
import LockPage from './pages/LockPage';
import LoginPage from './pages/LoginPage';
import SetPinPage from './pages/SetPinPage';

// The first route holds React, the session and lock state and these gate screens (plain
// HTML, no Ionic). The Ionic tabs app is its own chunk, fetched while the user types (AuthShell).
let TabsApp = lazy(loadTabsApp);

/** Shown while the tabs chunk arrives; the same words as the static shell in index.html. */
function Starting() {
  return (
    <AuthShell>
      <p role="status" className="app-starting">
        Laden…
      </p>
    </AuthShell>
  );
}

function Screen({ lock, role }: { lock: LockState; role: Role | null }) {
  // Locked: the data key and the session are not in memory; only the PIN opens them.
  if (lock === 'locked') return <LockPage />;
  // Nobody signed in on this device yet (or signed out): log-in first. After that the app opens
  // offline with the local data, also when the session has expired.
  if (!role) return <LoginPage />;
  if (lock === 'needsPin') return <SetPinPage />;
  return <Tabs role={role} />;
}

// The tabs chunk failed (offline before the service worker had it): a new lazy fetches it again.
const retryTabs = () => {
  TabsApp = lazy(loadTabsApp);
};

function Tabs({ role }: { role: Role }) {
  return (
    <ChunkBoundary onRetry={retryTabs} frame={(message) => <AuthShell>{message}</AuthShell>}>
      {() => (
        <Suspense fallback={<Starting />}>
          <TabsApp role={role} />
        </Suspense>
      )}
    </ChunkBoundary>
  );
}

export function App() {
  const session = useSession();
  const lock = useLockState();
  return (
    <>
      <Screen lock={lock} role={session?.user.role ?? null} />
      <UpdatePrompt />
    </>
  );
}
