import { useEffect, type CSSProperties } from 'react';
import { ClusterView } from './views/cluster/ClusterView';
import { Controls } from './views/controls/Controls';
import { EventLog } from './views/event-log/EventLog';
import { Inspector } from './views/inspector/Inspector';
import { DiagramTabs } from './views/history/DiagramTabs';
import { Notice, StatusBar, ViolationBanner } from './views/status/StatusBar';
import { Timeline } from './views/timeline/Timeline';
import { ShareControls } from './views/share/ShareControls';
import { ExperimentsControls } from './views/experiments/ExperimentsControls';
import { ActiveLesson, LessonsMenu } from './views/lessons/LessonsControls';
import { PresenterToggle } from './views/presenter/PresenterToggle';
import { SystemPicker } from './views/system/SystemPicker';
import { PanelBoundary } from './views/panel-boundary/PanelBoundary';
import { ForkPrompt } from './views/fork/ForkPrompt';
import { NewRun } from './views/run/NewRun';
import { ShortcutHelp } from './views/help/ShortcutHelp';
import { useProtocolUi } from './protocols/registry';
import { useSim } from './store/store';
import './app.css';

/** The composition root: it lays the views out and holds no logic of its own. */
export function App() {
  const ready = useSim((s) => s.ready);
  const ui = useProtocolUi();
  useEffect(() => {
    document.title = `${ui.title} · Quorum Playground`;
  }, [ui]);
  return (
    <div className="app">
      <header className="app-header">
        <div className="app-topbar">
          <div className="app-title">
            <h1>Quorum Playground</h1>
            <SystemPicker />
          </div>
          <nav className="app-menus" aria-label="Scenarios, experiments and sharing">
            <NewRun />
            <LessonsMenu />
            <ExperimentsControls />
            <PresenterToggle />
            <ShareControls />
          </nav>
        </div>
        <Controls />
      </header>
      <div className="app-alerts">
        <ViolationBanner />
        <Notice />
      </div>
      {/* The panels below name themselves as regions (Inspector, Logs, …); their frames stay plain boxes. */}
      <main className={`app-main${ui.stage ? ' app-main--staged' : ''}`}>
        {/* A lesson reads beside the cluster (app.css puts it atop the side column), and comes first for the keyboard. */}
        <ActiveLesson />
        <section className="app-cluster" aria-label="Cluster">
          {ready ? <ClusterView /> : <p className="app-loading">Starting the servers, one Web Worker each…</p>}
        </section>
        {ui.stage && (
          <div className="app-panel app-stage">
            <PanelBoundary resetKey={ui.name}>
              <ui.stage.Component />
            </PanelBoundary>
          </div>
        )}
        <aside className="app-side">
          <div className="app-panel">
            <Inspector />
          </div>
          <div className="app-panel app-events">
            <EventLog />
          </div>
        </aside>
        {/* The protocol's own panels (Raft: the log table), then the space-time diagram or the client history. */}
        <div className="app-bottom" style={{ '--app-bottom-panels': ui.panels.length + 1 } as CSSProperties}>
          {ui.panels.map(({ id, Component }) => (
            <div key={id} className="app-panel app-logs">
              <PanelBoundary resetKey={ui.name}>
                <Component />
              </PanelBoundary>
            </div>
          ))}
          <div className="app-panel app-spacetime">
            <DiagramTabs />
          </div>
        </div>
      </main>
      <footer className="app-footer">
        <Timeline />
        <StatusBar />
      </footer>
      <ForkPrompt />
      <ShortcutHelp />
    </div>
  );
}
