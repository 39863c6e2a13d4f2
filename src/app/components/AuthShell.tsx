import type { ReactNode } from 'react';
import { preloadApp } from '../start/boot';
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
 * file instead of Ionic, so they are on screen before the Ionic tabs app has even been fetched. It looks like an Ionic page: a primary toolbar with the app's name, padded content.
 */
export function AuthShell({ children }: { children: ReactNode }) {
  return (
    <div className="auth-shell">
      <header className="auth-bar">
        <h1 className="auth-title">Schoolnabij</h1>
      </header>
      <main
        className="auth-main"
        onFocusCapture={warmUp}
        onKeyDownCapture={warmUp}
        onPointerDownCapture={warmUp}
        onTouchStartCapture={warmUp}
      >
        {children}
      </main>
    </div>
  );
}

/**
 * A PIN input of the gate screens: digits only (anything else is dropped as it is typed), masked,
 * the numeric keyboard on a phone; its error, when there is one, right under it as an alert.
 */
export function PinField(props: {
  id: string;
  name: string;
  label: ReactNode;
  autoComplete: 'off' | 'new-password';
  value: string;
  onChange: (digits: string) => void;
  error?: string | undefined;
}) {
  const { id, name, label, autoComplete, value, onChange, error } = props;
  const errorId = `${id.replace(/^f-/, '')}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="password"
        inputMode="numeric"
        autoComplete={autoComplete}
        pattern="[0-9]*"
        required
        value={value}
        onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error && (
        <p id={errorId} role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
