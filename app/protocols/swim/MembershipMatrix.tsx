import { formatDuration, serverName } from '../../lib/format';
import { useSampled } from '../../lib/sampling';
import { select } from '../../session/selection';
import { detections, asSwimView, STATUS_MARK, STATUS_WORD, type MemberStatus } from './view';

/**
 * Every member's membership list at once: one row per observer (what it holds), one column per
 * subject (about whom), each cell a status mark and the incarnation it was stated for. A crash
 * shows as its column filling with "?" then "✕" as the rumour spreads; a refutation as a
 * column of higher incarnations. Below: per crashed member, when it was first suspected and
 * when the last running member learnt it was dead.
 */
export function MembershipMatrix() {
  const nodes = useSampled((s) => s.nodes, 250);
  const trace = useSampled((s) => s.trace, 500);
  const ids = nodes.map((n) => n.id);
  const found = detections(trace, nodes);
  return (
    <section className="panel-view swim-matrix" aria-label="Membership lists">
      <header className="swim-matrix-header">
        <h2 className="panel-title">Membership lists</h2>
        <ul className="swim-matrix-legend" aria-label="Legend">
          {(['alive', 'suspect', 'dead', 'left', 'unknown'] as MemberStatus[]).map((s) => (
            <li key={s}>
              <span className={`swim-cell swim-cell--${s}`} aria-hidden="true">
                {STATUS_MARK[s]}
              </span>{' '}
              {s === 'unknown' ? 'unknown' : STATUS_WORD[s]}
            </li>
          ))}
          <li>n: incarnation</li>
        </ul>
      </header>
      <div className="swim-matrix-scroll" tabIndex={0} role="region" aria-label="Table of membership lists, scrolls">
        {found.length > 0 && (
          <ul className="swim-detections" aria-label="Detection and dissemination per crashed member">
            {found.map((d) => (
              <li key={d.node}>
                <strong>{serverName(d.node)}</strong> crashed: {d.detectedUs === null ? 'not suspected yet' : `first suspected after ${formatDuration(d.detectedUs - d.crashedUs)}`}
                {'; '}
                {d.allDeadUs !== null ? `every running member held it dead after ${formatDuration(d.allDeadUs - d.crashedUs)}` : `held dead by ${d.knownBy} of ${d.of} so far`}
              </li>
            ))}
          </ul>
        )}
        <table className="swim-matrix-table">
          <caption className="visually-hidden">Each row is one member's list: how it sees every member (alive, suspect, dead, left or not in its list) and at which incarnation.</caption>
          <thead>
            <tr>
              <th scope="col">Holder</th>
              {ids.map((id) => (
                <th scope="col" key={id}>
                  {serverName(id)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {nodes.map((node) => {
              const view = node.up ? asSwimView(node.view) : null;
              return (
                <tr key={node.id} className={node.up ? undefined : 'swim-matrix-down'}>
                  <th scope="row">
                    <button type="button" className="swim-matrix-node" onClick={() => select({ kind: 'node', id: node.id })} title={`Select ${node.name}`}>
                      {node.name}
                    </button>
                  </th>
                  {!view ? (
                    <td colSpan={Math.max(1, ids.length)} className="swim-matrix-crashed">
                      {node.up ? 'starting' : 'crashed: its list is lost'}
                    </td>
                  ) : (
                    ids.map((subject) => {
                      const cell = view.members[subject];
                      const status: MemberStatus = subject === node.id && view.left ? 'left' : (cell?.status ?? 'unknown');
                      const words = `${node.name} holds ${serverName(subject)} ${STATUS_WORD[status]}${status === 'unknown' ? '' : `, incarnation ${cell?.incarnation ?? 0}`}`;
                      return (
                        <td key={subject} title={words} className={subject === node.id ? 'swim-cell-self' : undefined}>
                          <span className={`swim-cell swim-cell--${status}`} aria-hidden="true">
                            {STATUS_MARK[status]}
                            {status !== 'unknown' && <small>{cell?.incarnation ?? 0}</small>}
                          </span>
                          <span className="visually-hidden">{words}</span>
                        </td>
                      );
                    })
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
