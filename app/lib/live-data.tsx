import { useMatches } from '@remix-run/react'
// Types only: a value imported from react-query would bring all of it (its index file
// re-exports everything, and esbuild splits by file) into every page's first load.
import type {
  DataTag,
  DehydratedState,
  QueryObserverOptions,
  QueryObserverResult,
} from '@tanstack/react-query'
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
  type ReactNode,
} from 'react'
import type { LiveRuntime } from './live-runtime.ts'

let browserRuntime: LiveRuntime | null = null
let loading: Promise<LiveRuntime> | undefined
/** The layer's chunk could not be fetched: the live parts say so instead of waiting. */
let loadFailed = false
const listeners = new Set<() => void>()
const notify = () => {
  for (const listener of listeners) listener()
}

/** Called once by app/lib/live-runtime.ts when it first runs in the browser. */
export function registerLiveRuntime(runtime: LiveRuntime) {
  browserRuntime = runtime
  loadFailed = false
  runtime.queryClient.mount() // refetch on window focus and reconnect, for the tab's lifetime
  notify()
}

const RELOAD_MESSAGE =
  'This page could not load a part it needs (the connection may have dropped). Nothing was charged. Reload the page, then try again.'

/**
 * The query layer, loading it if needed. A failure rejects with a NETWORK app error that asks
 * for a reload: browsers keep a failed module fetch for the document's life, so calling again
 * seldom helps (it is allowed to, for those that do retry).
 */
export function loadLiveRuntime(): Promise<LiveRuntime> {
  if (browserRuntime) return Promise.resolve(browserRuntime)
  return (loading ??= import('./live-runtime.ts').then(
    () => browserRuntime!,
    (error: unknown) => {
      loading = undefined
      loadFailed = true
      notify()
      // Read by parseAppError (app-error.ts) like the server's AppError.
      throw Object.assign(new Error(RELOAD_MESSAGE, { cause: error }), {
        name: 'AppError',
        code: 'NETWORK',
      })
    },
  ))
}

const ServerRuntimeContext = createContext<LiveRuntime | null>(null)
/** For app/entry.server.tsx: the request's own runtime. */
export const ServerLiveRuntime = ServerRuntimeContext.Provider

const subscribeRuntime = (listener: () => void) => {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}
const browserSnapshot = () => browserRuntime
const failedSnapshot = () => loadFailed

/** The request's runtime on the server; in the browser the tab's, or null until it has loaded. */
export function useLiveRuntime(): LiveRuntime | null {
  const server = useContext(ServerRuntimeContext)
  const browser = useSyncExternalStore(subscribeRuntime, browserSnapshot, browserSnapshot)
  return server ?? browser
}

const TrpcContext = createContext<LiveRuntime['trpc'] | null>(null)
const TrpcClientContext = createContext<LiveRuntime['trpcClient'] | null>(null)

const NOT_LOADED =
  'The query layer is not loaded: import the hooks from #app/lib/trpc.ts (which loads it), or use useLiveQuery'

/** tRPC's query and mutation options (react-query), for modules that import #app/lib/trpc.ts. */
export function useTRPC(): LiveRuntime['trpc'] {
  const trpc = useContext(TrpcContext)
  if (!trpc) throw new Error(NOT_LOADED)
  return trpc
}

/** The tRPC client itself, for calls outside react-query. */
export function useTRPCClient(): LiveRuntime['trpcClient'] {
  const client = useContext(TrpcClientContext)
  if (!client) throw new Error(NOT_LOADED)
  return client
}

type WithDehydrated = { dehydrated?: DehydratedState } | null | undefined

/** What the matched routes' loaders prefetched (`dehydrated`, app/lib/trpc.server.ts). */
function useDehydratedQueries(runtime: LiveRuntime | null) {
  const matches = useMatches()
  const state = useMemo<DehydratedState>(
    () => ({
      mutations: [],
      queries: matches.flatMap(
        (match) => (match.data as WithDehydrated)?.dehydrated?.queries ?? [],
      ),
    }),
    [matches],
  )
  const later = useMemo(() => runtime?.hydrateNew(state) ?? null, [runtime, state])
  useEffect(() => later?.(), [later])
}

function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: 2_000 })
    return () => cancelIdleCallback(id)
  }
  const id = setTimeout(task, 200)
  return () => clearTimeout(id)
}

/**
 * In the root, around every page: tRPC's contexts and the loaders' prefetched queries. A page
 * whose modules do not need the query layer hydrates without it; once a live part has it
 * loaded (useLiveQuery), the contexts fill in without remounting anything. React-query's own
 * provider is not here but around the routes that use its hooks (withQueryClient).
 */
export function LiveDataRoot({ children }: { children: ReactNode }) {
  const runtime = useLiveRuntime()
  useDehydratedQueries(runtime)
  return (
    <TrpcClientContext.Provider value={runtime?.trpcClient ?? null}>
      <TrpcContext.Provider value={runtime?.trpc ?? null}>{children}</TrpcContext.Provider>
    </TrpcClientContext.Provider>
  )
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any query's options
type AnyQueryOptions = QueryObserverOptions<any, any, any, any, any>
type DataOf<TOptions extends AnyQueryOptions> =
  TOptions['queryKey'] extends DataTag<unknown, infer TData, unknown> ? TData : unknown

/** What a live part reads of a query: nothing else re-renders it. */
export type LiveResult<TData> = Pick<QueryObserverResult<TData>, 'data' | 'isPending' | 'isError'>

/** What a part shows when the layer's chunk could not be fetched: an error, not a wait. */
const NOT_LOADABLE: LiveResult<never> = { data: undefined, isPending: false, isError: true }

/**
 * `next`, or `previous` when it holds the same data and state: a snapshot for
 * useSyncExternalStore that changes only when what a live part reads changes.
 */
export function sameOrNext<TData>(
  previous: LiveResult<TData> | undefined,
  next: LiveResult<TData>,
): LiveResult<TData> {
  const same =
    previous !== undefined &&
    previous.data === next.data &&
    previous.isPending === next.isPending &&
    previous.isError === next.isError
  return same ? previous : { data: next.data, isPending: next.isPending, isError: next.isError }
}

/**
 * A query for a part that renders before the query layer has loaded (the header, `/billing`):
 * undefined until then, so the part shows its loader's data. The layer is loaded once the
 * browser is idle after hydration; then this is react-query's data and state, kept current as
 * useQuery's are (an error state if the layer could not be fetched). `build` is read once per
 * runtime: its options must not change.
 *
 * Only a change of `data`, `isPending` or `isError` re-renders: an update for the start of a
 * fetch would reach a server-rendered Suspense boundary below (the credits tab) before it has
 * hydrated, which React answers by rendering it anew (error #421), losing a click meanwhile.
 * For the same reason a live part should be a leaf, not an ancestor of such a boundary.
 */
export function useLiveQuery<TOptions extends AnyQueryOptions>(
  build: (trpc: LiveRuntime['trpc']) => TOptions,
): LiveResult<DataOf<TOptions>> | undefined {
  const runtime = useLiveRuntime()
  const failed = useSyncExternalStore(subscribeRuntime, failedSnapshot, failedSnapshot)
  useEffect(() => {
    if (runtime) return
    // A failure is shown through `failed`; the top-up and the bell ask again when used.
    return whenIdle(() => void loadLiveRuntime().catch(() => undefined))
  }, [runtime])
  const buildOnce = useRef(build).current
  const observer = useMemo(
    () => (runtime ? runtime.observe(buildOnce(runtime.trpc)) : null),
    [runtime, buildOnce],
  )
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!observer || !runtime) return () => undefined
      const unsubscribe = observer.subscribe(runtime.batchCalls(onChange))
      observer.updateResult()
      return unsubscribe
    },
    [observer, runtime],
  )
  const last = useRef<LiveResult<DataOf<TOptions>> | undefined>(undefined)
  const current = () => {
    if (!observer) return undefined
    const result = observer.getCurrentResult()
    return (last.current = sameOrNext(last.current, {
      data: result.data as DataOf<TOptions> | undefined,
      isPending: result.isPending,
      isError: result.isError,
    }))
  }
  const live = useSyncExternalStore(subscribe, current, current)
  return live ?? (failed ? NOT_LOADABLE : undefined)
}
