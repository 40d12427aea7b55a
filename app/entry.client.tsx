import { RemixBrowser } from '@remix-run/react'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { beforeHydration } from '#app/lib/preloadable.tsx'

// Route modules run before this one: a page opening on a lazily loaded part has asked for
// its chunk by now (preloadBeforeHydration), and hydrates once it is here.
void beforeHydration().then(() =>
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <RemixBrowser />
      </StrictMode>,
    )
  }),
)
