import { useRegisterSW } from 'virtual:pwa-register/react';
import './UpdatePrompt.css';

/**
 * When a new service worker is waiting, ask the user to reload into it instead of running stale
 * code forever. Nothing is lost by reloading: forms keep drafts, records are in IndexedDB.
 */
export function UpdatePrompt() {
  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    onRegisteredSW(_url, registration) {
      // Look for a new version every 30 minutes while the app stays open.
      if (registration) setInterval(() => void registration.update(), 30 * 60 * 1000);
    },
  });
  if (!needRefresh) return null;
  return (
    <div className="update-prompt" role="alert">
      <span>Nieuwe versie beschikbaar</span>
      <button type="button" onClick={() => void updateServiceWorker(true)}>
        Vernieuwen
      </button>
    </div>
  );
}
