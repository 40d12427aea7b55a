import { AsyncLocalStorage } from 'node:async_hooks'

export type RequestContext = { requestId: string }

// One store per process, shared by server/main.ts and the Remix build (two bundles).
const holder = globalThis as unknown as {
  __skypanelRequestContext?: AsyncLocalStorage<RequestContext>
}
export const requestContext = (holder.__skypanelRequestContext ??=
  new AsyncLocalStorage<RequestContext>())

export function currentRequestId(): string | undefined {
  return requestContext.getStore()?.requestId
}
