/**
 * The two ends every adapter needs, whatever hosts it: a browser Worker or MessagePort, or
 * Node's worker_threads Worker, parentPort or MessagePort. Only this file knows the difference.
 */
export interface Endpoint {
  post(message: unknown, transfer?: Transferable[]): void;
  listen(handler: (data: unknown) => void): void;
  close?(): void;
}

interface EventTargetLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  /** Node's ports also speak EventEmitter, which skips building an event object per message. */
  on?(type: 'message', listener: (data: unknown) => void): void;
  start?(): void;
  close?(): void;
}

/** A MessagePort, `self` in a Web Worker, or Node's parentPort / MessagePort (all EventTargets). */
export function eventTargetEndpoint(target: EventTargetLike): Endpoint {
  return {
    post: (message, transfer) => target.postMessage(message, transfer ?? []),
    listen: (handler) => {
      if (typeof target.on === 'function') {
        target.on('message', handler);
        return;
      }
      target.addEventListener('message', (event) => handler(event.data));
      target.start?.();
    },
    close: () => target.close?.(),
  };
}
