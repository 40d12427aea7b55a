// Any origin works: only whether resolving the target keeps it is asked.
const OWN_ORIGIN = 'http://skypanel.invalid'

/**
 * Only paths on this site, so a login link cannot bounce the user elsewhere. The target is
 * resolved the way a browser resolves a Location header and must keep our origin; control
 * characters are refused outright, since browsers drop TAB/CR/LF before resolving
 * (`/\t/evil.example` becomes `//evil.example`) and CR/LF cannot go into a header at all.
 */
export function safeRedirect(to: unknown, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || /\p{Cc}|\\/u.test(to)) {
    return fallback
  }
  try {
    return new URL(to, OWN_ORIGIN).origin === OWN_ORIGIN ? to : fallback
  } catch {
    return fallback
  }
}
