import { useId, useState } from 'react';
import { formatMicros } from '../../../engine/kernel/time';
import { useSession } from '../../session/session-context';
import { useSim } from '../../store/store';
import { ModalDialog } from '../dialog/ModalDialog';

/**
 * Asked when a command is made while viewing the past (issue 11): acting there forks the run and
 * sets the recorded future aside. "Fork here" goes on (Undo in the notice brings the old future
 * back, until the next fork); "Don't ask again" holds for this run.
 */
export function ForkPrompt() {
  const prompt = useSim((s) => s.forkPrompt);
  const session = useSession();
  const [dontAsk, setDontAsk] = useState(false);
  const checkId = useId();
  const answer = (fork: boolean) => {
    session.resolveFork(fork, fork && dontAsk);
    setDontAsk(false);
  };
  return (
    <ModalDialog open={prompt !== null} title="Start a new future here?" onClose={() => answer(false)}>
      {prompt && (
        <>
          <p>
            You are viewing t = {formatMicros(prompt.at)} of a run recorded to t = {formatMicros(prompt.until)}. Acting here forks the run: what
            was recorded after this moment
            {prompt.later > 0 ? `, with ${prompt.later} later action${prompt.later === 1 ? '' : 's'},` : ''} is set aside and a new future starts.
            Undo (in the message that follows) brings it back, until the next fork.
          </p>
          <p>
            <input id={checkId} type="checkbox" checked={dontAsk} onChange={(e) => setDontAsk(e.target.checked)} />{' '}
            <label htmlFor={checkId}>Don't ask again in this run</label>
          </p>
          <div className="modal-buttons">
            <button type="button" className="modal-primary" onClick={() => answer(true)}>
              Fork here
            </button>
            <button type="button" onClick={() => answer(false)}>
              Cancel
            </button>
          </div>
        </>
      )}
    </ModalDialog>
  );
}
