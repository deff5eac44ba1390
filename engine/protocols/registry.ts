import type { AnyProtocol } from '../kernel/protocol';
import type { ExperimentVocabulary } from '../experiments/contract';
import type { LessonVocabulary } from '../scenario/lesson-parts';
import { ScenarioError } from '../scenario/version';
import { ping } from './ping/ping';
import { pingExperiments } from './ping/experiments';
import { pingLessonVocabulary } from './ping/lesson';
import { raftExperiments } from './raft/experiments';
import { raftLessonVocabulary } from './raft/lesson';
import { raft } from './raft/raft';
import { dynamo } from './dynamo/dynamo';
import { swim } from './swim/swim';
import { ring } from './ring/ring';
import { twoPc } from './2pc/twopc';
import { twoPcLessonVocabulary } from './2pc/lesson';
import { twoPcExperiments } from './2pc/experiments';
import { ringLessonVocabulary } from './ring/lesson';
import { dynamoLessonVocabulary } from './dynamo/lesson';
import { swimLessonVocabulary } from './swim/lesson';
import { ringExperiments } from './ring/experiments';
import { dynamoExperiments } from './dynamo/experiments';
import { swimExperiments } from './swim/experiment-words';
import { pbft } from './pbft/pbft';
import { pbftLessonVocabulary } from './pbft/lesson';
import { pbftExperiments } from './pbft/experiments';
import { mesh } from './mesh/mesh';
import { meshLessonVocabulary } from './mesh/lesson';
import { meshExperiments } from './mesh/experiments';
import { primaryReplica } from './primary-replica/primary-replica';
import { primaryReplicaExperiments } from './primary-replica/experiments';
import { primaryReplicaLessonVocabulary } from './primary-replica/lesson';
import { balancer } from './balancer/balancer';
import { balancerExperiments } from './balancer/experiments';
import { balancerLessonVocabulary } from './balancer/lesson';
import { paxos } from './paxos/paxos';
import { paxosLessonVocabulary } from './paxos/lesson';
import { multiPaxos } from './multi-paxos/multi-paxos';
import { multiPaxosExperiments } from './multi-paxos/experiments';
import { multiLeader } from './multi-leader/multi-leader';
import { multiLeaderLessonVocabulary } from './multi-leader/lesson';
import { multiLeaderExperiments } from './multi-leader/experiments';
import { locks } from './locks/locks';
import { locksLessonVocabulary } from './locks/lesson';
import { locksExperiments } from './locks/experiments';

/**
 * What a protocol brings besides itself, each optional: its words in lessons
 * (`NAME/lesson.ts`), its steps, measures and built-in experiments (`NAME/experiments.ts`).
 */
export interface ProtocolPlugins {
  readonly lessons?: LessonVocabulary;
  readonly experiments?: ExperimentVocabulary;
}

/** Every protocol the playground can run, by the name scenarios use: one line each. */
const REGISTERED: readonly [AnyProtocol, ProtocolPlugins][] = [
  [ping, { lessons: pingLessonVocabulary, experiments: pingExperiments }],
  [raft, { lessons: raftLessonVocabulary, experiments: raftExperiments }],
  [ring, { lessons: ringLessonVocabulary, experiments: ringExperiments }],
  [dynamo, { lessons: dynamoLessonVocabulary, experiments: dynamoExperiments }],
  [swim, { lessons: swimLessonVocabulary, experiments: swimExperiments }],
  [twoPc, { lessons: twoPcLessonVocabulary, experiments: twoPcExperiments }],
  [pbft, { lessons: pbftLessonVocabulary, experiments: pbftExperiments }],
  [mesh, { lessons: meshLessonVocabulary, experiments: meshExperiments }],
  [primaryReplica, { lessons: primaryReplicaLessonVocabulary, experiments: primaryReplicaExperiments }],
  [balancer, { lessons: balancerLessonVocabulary, experiments: balancerExperiments }],
  [paxos, { lessons: paxosLessonVocabulary }],
  [multiPaxos, { experiments: multiPaxosExperiments }],
  [multiLeader, { lessons: multiLeaderLessonVocabulary, experiments: multiLeaderExperiments }],
  [locks, { lessons: locksLessonVocabulary, experiments: locksExperiments }],
];

const protocols = new Map<string, AnyProtocol>(REGISTERED.map(([p]) => [p.name, p]));
const plugins = new Map<string, ProtocolPlugins>(REGISTERED.map(([p, extra]) => [p.name, extra]));

export function getProtocol(name: string): AnyProtocol {
  const protocol = protocols.get(name);
  if (!protocol) throw new ScenarioError(`unknown protocol "${name}" (known: ${[...protocols.keys()].join(', ')})`);
  return protocol;
}

/** The protocol called `name`, or undefined (for code that must not throw on untrusted names). */
export function getProtocolIfKnown(name: string): AnyProtocol | undefined {
  return protocols.get(name);
}

export function protocolNames(): string[] {
  return [...protocols.keys()];
}

/** The protocol's words in lessons (`raft.leaderElected`), or undefined when it has none. */
export function lessonVocabulary(name: string): LessonVocabulary | undefined {
  return plugins.get(name)?.lessons;
}

/** The protocol's steps, measures and built-in experiments, or undefined when it has none. */
export function experimentVocabulary(name: string): ExperimentVocabulary | undefined {
  return plugins.get(name)?.experiments;
}
