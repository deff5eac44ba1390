/**
 * Lets the thread's event loop run the tasks that waited (one message-port turn, which unlike
 * setTimeout(0) is not clamped to 4 ms when nested). A catch-up (coordinator-service.ts) runs
 * for seconds in one go; in Chromium, the spare node workers it started load their scripts only
 * as their creator's thread serves them, so without these turns they sat idle until it ended
 * (~0.5 s of a minute-10 link, profiled in the page's coordinator worker).
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
