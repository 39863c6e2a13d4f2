import { createRoot } from 'react-dom/client';
import { App } from './App';
import { boot } from './start/boot';
import { requestPersistence } from './db/persistence';

void requestPersistence();

// Read the session from IndexedDB before the first render, so a signed-in user lands in the app
// (offline too) and nobody sees a flash of the log-in screen. Until then the static shell of
// index.html shows. Ionic and its styles come with the tabs app (TabsApp.tsx), not here.
void boot().then(() => createRoot(document.getElementById('root')!).render(<App />));
