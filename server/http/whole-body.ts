/**
 * The bytes of a JSON answer built by `json()` (server/http/respond.ts), kept on its
 * Response so the Express bridge writes them without reading the Response's body stream
 * back (a web stream per answer, ~3% of the app's CPU: bench/README.md). A registered symbol,
 * because the Remix build and server/main.ts are two bundles with their own copy of this file.
 */
const WHOLE_BODY = Symbol.for('skypanel.wholeBody')

type Marked = Response & { [WHOLE_BODY]?: Uint8Array }

export function withWholeBody(response: Response, bytes: Uint8Array): Response {
  ;(response as Marked)[WHOLE_BODY] = bytes
  return response
}

/** The bytes `json()` built this Response from, unless its body was read since. */
export function wholeBodyOf(response: Response): Uint8Array | undefined {
  return response.bodyUsed ? undefined : (response as Marked)[WHOLE_BODY]
}
