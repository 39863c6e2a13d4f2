import { Component, type ReactNode } from 'react';

interface Props {
  /** Called before the boundary tries again: the caller makes a fresh lazy component (React.lazy keeps its failure). */
  onRetry: () => void;
  /** Where the message is shown (the first route frames it in its AuthShell). */
  frame?: (message: ReactNode) => ReactNode;
  /** Called at every render, so a retry renders the lazy component onRetry made, not the failed one. */
  children: () => ReactNode;
}

/**
 * A screen whose code could not be fetched (offline before the service worker had it, a server
 * restarted with a new build): a Dutch message and "Opnieuw proberen" instead of a white app.
 * Plain HTML, no Ionic: the first route uses it too, and a placeholder <IonPage> would take the
 * route's page transition (see Loading).
 */
export class ChunkBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  private retry = () => {
    this.props.onRetry();
    this.setState({ failed: false });
  };

  override render() {
    if (!this.state.failed) return this.props.children();
    const { frame = (m: ReactNode) => m } = this.props;
    return frame(
      <div className="chunk-failed ion-padding" role="alert">
        <p>Dit scherm kon niet worden geladen. Controleer je verbinding en probeer het opnieuw.</p>
        <button type="button" className="primary-button" onClick={this.retry}>
          Opnieuw proberen
        </button>
      </div>,
    );
  }
}
