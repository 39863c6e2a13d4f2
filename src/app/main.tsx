import { setupIonicReact } from '@ionic/react';
import { createRoot } from 'react-dom/client';
import '@ionic/react/css/core.css';
import '@ionic/react/css/normalize.css';
import '@ionic/react/css/structure.css';
import '@ionic/react/css/typography.css';
import '@ionic/react/css/padding.css';
import './theme.css';
import { App } from './App';
import { boot } from './boot';
import { requestPersistence } from './storage';

setupIonicReact({ mode: 'md' });

void requestPersistence();

// Read the session from IndexedDB before the first render, so a signed-in user lands in the app
// (offline too) and nobody sees a flash of the log-in screen.
void boot().then(() => createRoot(document.getElementById('root')!).render(<App />));
