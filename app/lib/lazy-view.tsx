import { Suspense, use, type ComponentType, type ReactNode } from 'react';

/** A view component that loads its module on first use; `preload` fetches it ahead. */
export type LazyView<P extends object> = ComponentType<P> & { preload(): Promise<unknown> };

/** Every lazy view made so far, so the page can fetch them all ahead once it is idle. */
const everyView: LazyView<never>[] = [];

/**
 * A view component kept out of the page's first script (a protocol's panel, a panel behind a
 * tab): its module loads on first use, or ahead when the page is idle (`preloadLazyViews`), so
 * a link opens on what the first picture needs (issue 12). What the page reads synchronously
 * (a protocol's names, observations, narrator) stays where it was.
 *
 * Always the same tree (a Suspense boundary around the view), so nothing remounts once the
 * module is there, and a module already loaded renders at once, with no fallback in between.
 * A module that fails to load throws to the nearest error boundary (a panel's says so in
 * place); rendering again loads it again.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ReactNode = null): LazyView<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        pending = null;
        throw error;
      },
    ));
  function Loaded(props: P) {
    const View = loaded ?? use(preload());
    return <View {...props} />;
  }
  function Lazy(props: P) {
    return (
      <Suspense fallback={fallback}>
        <Loaded {...props} />
      </Suspense>
    );
  }
  const view = Object.assign(Lazy, { preload });
  everyView.push(view as unknown as LazyView<never>);
  return view;
}

/** Fetches every lazy view's module (failures are left to the view's own first use). */
export function preloadLazyViews(): Promise<unknown> {
  return Promise.all(everyView.map((view) => view.preload().catch(() => undefined)));
}
