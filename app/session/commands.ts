import type { NetworkModel } from '../../engine/kernel/faults';
import type { NodeId } from '../../engine/kernel/protocol';
import type { Micros } from '../../engine/kernel/time';
import { useSim } from '../store/store';

/**
 * Every user action is a named command (after excalidraw's actions): buttons, keyboard
 * shortcuts, the URL loader and tests call these and nothing else. The session that carries
 * them out is installed once at start-up (see session.ts); views never talk to workers.
 */
export interface SessionApi {
  crash(node: NodeId): void;
  restart(node: NodeId): void;
  forceTimeout(node: NodeId): void;
  clientWrite(node: NodeId): void;
  clientRead(node: NodeId): void;
  cutLink(from: NodeId, to: NodeId, oneWay: boolean): void;
  restoreLink(from: NodeId, to: NodeId, oneWay: boolean): void;
  partition(groups: NodeId[][]): void;
  heal(): void;
  dropMessage(key: string): void;
  setNetwork(change: Partial<NetworkModel>): void;
  addServer(): void;
  removeServer(node: NodeId): void;
  play(): void;
  pause(): void;
  setSpeed(speed: number): void;
  stepOnce(): void;
  stepToInteresting(): void;
  seek(at: Micros): void;
}

let session: SessionApi | null = null;

export function installSession(api: SessionApi): void {
  session = api;
}

/** The session's commands; before it is installed they do nothing (the page is still loading). */
export const commands: SessionApi = new Proxy({} as SessionApi, {
  get: (_target, name: keyof SessionApi) => (...args: never[]) => {
    const fn = session?.[name] as ((...a: never[]) => void) | undefined;
    fn?.apply(session, args);
  },
});

export function togglePlay(): void {
  if (useSim.getState().playing) commands.pause();
  else commands.play();
}
