import type { ComponentType } from 'react'

const pendingBeforeHydration: Promise<unknown>[] = []

/**
 * A component whose code is its own chunk, loaded on first render (its nearest <Suspense>
 * shows meanwhile) or ahead with `preload()`. Unlike React.lazy, once the chunk is here it
 * renders without suspending: React.lazy suspends on its first render even then, and a part
 * still suspended when the page hydrates stays server HTML for a moment, losing its clicks.
 */
export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>) {
  let component: ComponentType<P> | undefined
  let failure: { error: unknown } | undefined
  let pending: Promise<unknown> | undefined
  const preload = () =>
    (pending ??= load().then(
      (loaded) => {
        component = loaded
      },
      (error: unknown) => {
        // Shown by the error boundary; the next render tries again.
        failure = { error }
        pending = undefined
      },
    ))
  function Preloadable(props: P) {
    if (failure) {
      const { error } = failure
      failure = undefined
      throw error
    }
    if (!component) throw preload() // suspends until the chunk is here, as React.lazy does
    const Component = component
    return <Component {...props} />
  }
  return Object.assign(Preloadable, {
    preload,
    /** For a page opening on this part: fetch it now and hydrate only once it is here. */
    preloadBeforeHydration() {
      pendingBeforeHydration.push(preload())
    },
  })
}

/** For app/entry.client.tsx: settles once every part asked for by preloadBeforeHydration is here. */
export function beforeHydration(): Promise<unknown> {
  return Promise.allSettled(pendingBeforeHydration)
}
