import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

// Where server/main.ts serves /build from.
const BUILD_DIR = path.resolve('public/build')
const cache = new Map<string, string | null>()

/**
 * The URL of the chunk a route's browser module loads with `import()` for the file named
 * `name` (e.g. "credits-tab"), read once from the browser build: a page that opens on a lazily
 * loaded part names it in a modulepreload link, so it comes with the route's own modules and
 * hydration does not wait a round trip more for it (see preloadable). Null when the build
 * cannot tell (the page then still fetches the part before it hydrates, only later).
 */
export function lazyChunk(routeId: string, name: string): string | null {
  const key = `${routeId}\n${name}`
  // In development the build changes under a running server.
  if (process.env.NODE_ENV === 'production' && cache.has(key)) return cache.get(key)!
  const url = findLazyChunk(BUILD_DIR, routeId, name)
  cache.set(key, url)
  return url
}

/** lazyChunk's reading of a browser build in `buildDir` (exported for its test). */
export function findLazyChunk(buildDir: string, routeId: string, name: string): string | null {
  try {
    // The browser build (emptied on each build) holds one manifest, naming each route's module.
    const manifests = readdirSync(buildDir).filter((file) => /^manifest-\w+\.js$/.test(file))
    if (manifests.length !== 1) return null
    const text = readFileSync(path.join(buildDir, manifests[0]!), 'utf8')
    const manifest = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as {
      routes: Record<string, { module: string } | undefined>
    }
    const module = manifest.routes[routeId]?.module
    if (!module?.startsWith('/build/')) return null
    const code = readFileSync(path.join(buildDir, module.slice('/build/'.length)), 'utf8')
    for (const [, url] of code.matchAll(/import\("(\/build\/[^"]+)"\)/g))
      if (path.posix.basename(url!).startsWith(`${name}-`)) return url!
    return null
  } catch {
    return null
  }
}
