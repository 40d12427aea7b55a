import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * What one incoming HTTP request works out once and shares with every loader, action and
 * tRPC context that runs for it. Remix hands each loader its own copy of the Request (it
 * strips `?_data`/`?index` into a new one), so a Request cannot be the key; the scope is
 * opened around the whole Remix handler instead (server/http/express-remix.ts).
 */
type RequestScope = { memo: Map<string, Promise<unknown>> }

// One store per process, shared by server/main.ts and the Remix build (two bundles).
const holder = globalThis as unknown as { __skypanelRequestScope?: AsyncLocalStorage<RequestScope> }
const scopes = (holder.__skypanelRequestScope ??= new AsyncLocalStorage<RequestScope>())

export function runInRequestScope<T>(run: () => T): T {
  return scopes.run({ memo: new Map() }, run)
}

/**
 * `compute()` once per incoming request and key; every later caller in the same request
 * gets the same promise. Outside a request scope (scripts, tests calling a loader directly)
 * it simply computes.
 */
export function oncePerRequest<T>(key: string, compute: () => Promise<T>): Promise<T> {
  const scope = scopes.getStore()
  if (!scope) return compute()
  const known = scope.memo.get(key) as Promise<T> | undefined
  if (known) return known
  const pending = compute()
  scope.memo.set(key, pending)
  return pending
}
