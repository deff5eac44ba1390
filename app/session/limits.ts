/**
 * Most server slots a shared scenario may have in the page (`?nodes=` allows as many): every
 * node is a real worker and is drawn. Its own module, without the engine, so that the page's
 * entry script can pass it to the coordinator (app/main.tsx) before the rest has loaded.
 */
export const MAX_SHARED_NODES = 25;
