import { setupIonicReact } from '@ionic/react';
import { createRoot } from 'react-dom/client';
import '@ionic/react/css/core.css';
import '@ionic/react/css/normalize.css';
import '@ionic/react/css/structure.css';
import '@ionic/react/css/typography.css';
import '@ionic/react/css/padding.css';
import './theme.css';
import { App } from './App';
import { db } from './db/db';
import { ensureDemoData } from './db/seed';
import { requestPersistence } from './storage';

setupIonicReact({ mode: 'md' });

void ensureDemoData(db);
void requestPersistence();

createRoot(document.getElementById('root')!).render(<App />);
