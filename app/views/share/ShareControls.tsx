import { useSession } from '../../session/session-context';
import { useSim } from '../../store/store';
import { ShareMenu } from './ShareMenu';

/** The share menu wired to the page's session: links and files in, links and files out. */
export function ShareControls() {
  const session = useSession();
  return (
    <ShareMenu
      getScenario={() => session.currentScenario()}
      onOpen={(scenario, view) => void session.open(scenario, view)}
      onError={(text) => useSim.setState({ notice: { text, tone: 'error' } })}
    />
  );
}
