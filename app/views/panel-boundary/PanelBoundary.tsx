import { Component, type ReactNode } from 'react';

/**
 * Keeps one protocol panel's failure inside its box: a panel that cannot draw (a view in a shape it
 * did not expect) says so in place, and the rest of the page keeps running. It tries again when
 * the page shows another system (`resetKey`) or the user asks.
 */
export class PanelBoundary extends Component<{ resetKey: string; children: ReactNode }, { error: string | null; key: string }> {
  override state = { error: null as string | null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { error: string | null; key: string }) {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="panel-view" role="alert">
        <p>This panel could not draw ({this.state.error}).</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
