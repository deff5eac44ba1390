import { Suspense, use, useReducer, type ComponentType, type ReactNode } from 'react';

/** A view component that loads its module on first use; `preload` fetches it ahead. */
export type LazyView<P extends object> = ComponentType<P> & { preload(): Promise<unknown> };

/** Every lazy view made so far, so the page can fetch them all ahead once it is idle. */
const everyView: LazyView<never>[] = [];

/** A load that failed: what to say, until the user asks to try again. */
class LoadFailure {
  constructor(readonly message: string) {}
}

/**
 * A view component kept out of the page's first script (a protocol's panel, a panel behind a
 * tab): its module loads on first use, or ahead when the page is idle (`preloadLazyViews`), so
 * a link opens on what the first picture needs (issue 12). What the page reads synchronously
 * (a protocol's names, observations, narrator) stays where it was.
 *
 * Always the same tree (a Suspense boundary around the view), so nothing remounts once the
 * module is there, and a module already loaded renders at once, with no fallback in between.
 * A module that cannot be fetched (offline before the service worker kept it, a build replaced
 * on the server) says so in place with a "Try again" button: never a blank page.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ReactNode = null): LazyView<P> {
  let loaded: ComponentType<P> | null = null;
  /** The attempt rendering waits on; kept after a failure until "Try again", so a failing fetch is not repeated on every render. */
  let attempt: Promise<ComponentType<P> | LoadFailure> | null = null;
  const fetchView = () =>
    load().then(
      (component) => (loaded = component),
      (error: unknown) => new LoadFailure(error instanceof Error ? error.message : String(error)),
    );
  function Loaded(props: P) {
    const [, rerender] = useReducer((n: number) => n + 1, 0);
    const view = loaded ?? use((attempt ??= fetchView()));
    if (view instanceof LoadFailure) {
      return (
        <div className="panel-view" role="alert">
          <p>This part of the page could not load ({view.message}).</p>
          <button
            type="button"
            onClick={() => {
              attempt = null;
              rerender();
            }}
          >
            Try again
          </button>
        </div>
      );
    }
    const View = view;
    return <View {...props} />;
  }
  function Lazy(props: P) {
    return (
      <Suspense fallback={fallback}>
        <Loaded {...props} />
      </Suspense>
    );
  }
  // Fetching ahead leaves a failure to the first use, which tries again.
  const preload = () => (loaded ? Promise.resolve(loaded) : fetchView());
  const view = Object.assign(Lazy, { preload });
  everyView.push(view as unknown as LazyView<never>);
  return view;
}

/** Fetches every lazy view's module ahead (a failure is left to the view's first use). */
export function preloadLazyViews(): Promise<unknown> {
  return Promise.all(everyView.map((view) => view.preload()));
}
