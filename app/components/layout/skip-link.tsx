/**
 * The first focusable element of every page. Focus is moved by hand (not only by the #main
 * hash) so it lands on <main> even when the URL already ends in #main.
 */
export function SkipLink() {
  return (
    <a
      href="#main"
      onClick={(event) => {
        const main = document.getElementById('main')
        if (!main) return
        event.preventDefault()
        main.focus()
        main.scrollIntoView()
      }}
      className="sr-only z-50 rounded-md bg-white px-4 py-2 text-sm font-semibold text-indigo-700 shadow-lg ring-2 ring-indigo-600 focus:not-sr-only focus:fixed focus:left-4 focus:top-3"
    >
      Skip to main content
    </a>
  )
}
