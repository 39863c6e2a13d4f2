import type { ReactNode } from 'react';
import { preloadApp } from '../boot';
import './AuthShell.css';

let preloaded = false;

/** The first touch, key or focus in a gate: fetch the app behind it while the user types. */
function warmUp() {
  if (preloaded) return;
  preloaded = true;
  preloadApp();
}

/**
 * The frame of the screens before the app (log-in, lock, PIN set-up): plain HTML and one small CSS
 * file instead of Ionic, so they are on screen before the Ionic tabs app has even been fetched
 * (issue 7). It looks like an Ionic page: a primary toolbar with the app's name, padded content.
 */
export function AuthShell({ children }: { children: ReactNode }) {
  return (
    <div className="auth-shell">
      <header className="auth-bar">
        <h1 className="auth-title">Schoolnabij</h1>
      </header>
      <main className="auth-main" onFocusCapture={warmUp} onKeyDownCapture={warmUp} onPointerDownCapture={warmUp} onTouchStartCapture={warmUp}>
        {children}
      </main>
    </div>
  );
}
