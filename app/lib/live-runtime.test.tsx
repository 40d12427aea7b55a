import { dehydrate, QueryClient } from '@tanstack/react-query'
import { renderToStaticMarkup } from 'react-dom/server'
import superjson from 'superjson'
import { describe, expect, it } from 'vitest'
import { sameOrNext, ServerLiveRuntime, useLiveQuery } from './live-data.tsx'
import { createLiveRuntime } from './live-runtime.ts'

/** What a loader returns as `dehydrated` (prefetchQueries): one query, updated at `at`. */
function dehydratedList(unread: number, at: number) {
  const client = new QueryClient({
    defaultOptions: { dehydrate: { serializeData: superjson.serialize } },
  })
  client.setQueryData(listKey(), { unread, items: [] }, { updatedAt: at })
  return dehydrate(client)
}

const listKey = () => createLiveRuntime().trpc.billing.notifications.list.queryKey()

describe('hydrateNew (the root seeding the cache with what loaders prefetched)', () => {
  it('puts a query new to the cache in at once and leaves nothing for after the commit', () => {
    const runtime = createLiveRuntime()
    expect(runtime.hydrateNew(dehydratedList(3, 1_000))).toBeNull()
    expect(runtime.queryClient.getQueryData(listKey())).toEqual({ unread: 3, items: [] })
  })

  it('defers newer data for a cached query until the returned step runs', () => {
    const runtime = createLiveRuntime()
    runtime.hydrateNew(dehydratedList(3, 1_000))
    const later = runtime.hydrateNew(dehydratedList(5, 2_000))
    expect(later).toBeTypeOf('function')
    expect(runtime.queryClient.getQueryData(listKey())).toMatchObject({ unread: 3 })
    later!()
    expect(runtime.queryClient.getQueryData(listKey())).toMatchObject({ unread: 5 })
  })

  it('keeps cached data newer than the loader’s', () => {
    const runtime = createLiveRuntime()
    runtime.hydrateNew(dehydratedList(5, 2_000))
    expect(runtime.hydrateNew(dehydratedList(3, 1_000))).toBeNull()
    expect(runtime.queryClient.getQueryData(listKey())).toMatchObject({ unread: 5 })
  })
})

function Unread() {
  const list = useLiveQuery((trpc) => trpc.billing.notifications.list.queryOptions())
  return <p>{list === undefined ? 'not loaded' : `unread ${list.data?.unread ?? '?'}`}</p>
}

describe('useLiveQuery', () => {
  it('is undefined without a runtime (the browser before the layer has loaded)', () => {
    expect(renderToStaticMarkup(<Unread />)).toBe('<p>not loaded</p>')
  })

  it("reads the request's runtime on the server, with what the loader prefetched", () => {
    const runtime = createLiveRuntime()
    runtime.hydrateNew(dehydratedList(4, 1_000))
    const html = renderToStaticMarkup(
      <ServerLiveRuntime value={runtime}>
        <Unread />
      </ServerLiveRuntime>,
    )
    expect(html).toBe('<p>unread 4</p>')
  })
})

describe('sameOrNext (what re-renders a live part)', () => {
  const data = { unread: 1, items: [] }
  const pending = { data: undefined, isPending: true, isError: false }

  it('keeps the previous snapshot while data and state are unchanged (a fetch starting)', () => {
    const first = sameOrNext(undefined, { data, isPending: false, isError: false })
    expect(sameOrNext(first, { data, isPending: false, isError: false })).toBe(first)
  })

  it('gives a new snapshot when the data, isPending or isError changes', () => {
    const first = sameOrNext(undefined, pending)
    const loaded = sameOrNext(first, { data, isPending: false, isError: false })
    expect(loaded).not.toBe(first)
    expect(loaded).toEqual({ data, isPending: false, isError: false })
    expect(sameOrNext(loaded, { data: { ...data }, isPending: false, isError: false })).not.toBe(
      loaded,
    )
    expect(sameOrNext(loaded, { data, isPending: false, isError: true })).not.toBe(loaded)
  })

  it('copies only what a part reads, not the whole observer result', () => {
    const result = { ...pending, isFetching: true, status: 'pending' }
    expect(Object.keys(sameOrNext(undefined, result)).sort()).toEqual([
      'data',
      'isError',
      'isPending',
    ])
  })
})
