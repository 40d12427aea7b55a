import { delay, http, HttpResponse, type HttpHandler } from 'msw'
import { z } from 'zod'
import { createMemoryStore, type FakeRecordStore, type MemoryStore } from './fake-store.ts'

/**
 * A stateful fake VirtFusion panel (API v1) for msw: users keyed by extRelationId, credit
 * entries, and the hourly-stats balance. Used by integration tests and by offline mode, so it
 * must not import vitest. Users, credit entries and the outage switch live in a
 * FakeRecordStore: in memory for the tests (`virtfusionHandlersFor`, asserted through
 * `virtfusionFake`), in the app's database in offline mode (`createVirtFusionHandlers`), where
 * every process sees the same panel. The tests' one-shot failures and the request count stay
 * in the process, on globalThis so two copies of this module in one process share them.
 */

/**
 * The same value as OFFLINE_VIRTFUSION_API_URL in server/env.ts. Not imported from there:
 * this module is loaded by tests/setup/integration-env.ts before it sets DATABASE_URL,
 * and importing server/env.ts would parse the environment too early (a test asserts
 * the two stay equal).
 */
export const OFFLINE_VIRTFUSION_BASE_URL = 'https://virtfusion.offline.invalid/api/v1'

export type FakeVirtFusionUser = {
  id: number
  extRelationId: number
  name: string
  email: string
  selfService: number
  created: string
}

export type FakeCreditEntry = {
  id: number
  extRelationId: number
  tokens: number
  reference_1: number | null
  reference_2: string | null
  cancelled: boolean
}

/** Record kinds in the store (users by extRelationId, credit entries by id) and sequences. */
const USER = 'virtfusion.user'
const CREDIT = 'virtfusion.credit'
const SWITCH = 'virtfusion.switch'
const OUTAGE = 'outage'

type State = {
  /** The tests' records; offline mode passes its database store to createVirtFusionHandlers. */
  store: MemoryStore
  timeoutNextCredit: boolean
  failNext: number | null
  requests: number
}

function freshState(): State {
  return { store: createMemoryStore(), timeoutNextCredit: false, failNext: null, requests: 0 }
}

const holder = globalThis as typeof globalThis & { __virtfusionFake?: State }
function state(): State {
  return (holder.__virtfusionFake ??= freshState())
}

const errors = (status: number, ...messages: string[]) =>
  HttpResponse.json({ errors: messages }, { status })

const CreateUserBody = z.object({
  name: z.string().min(1).max(255),
  email: z.email(),
  extRelationId: z.number().int().positive(),
  selfService: z.number().int().min(0).max(3).optional(),
  selfServiceHourlyCredit: z.boolean().optional(),
  sendMail: z.boolean().optional(),
})

const AddCreditBody = z.object({
  tokens: z
    .number()
    .finite()
    .refine((n) => n !== 0, 'tokens must not be zero'),
  reference_1: z.number().int().positive().optional(),
  reference_2: z.string().max(1000).optional(),
})

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return (await request.json()) as unknown
  } catch {
    return undefined
  }
}

function userJson(user: FakeVirtFusionUser) {
  return {
    id: user.id,
    admin: false,
    extRelationId: user.extRelationId,
    selfService: user.selfService,
    selfServiceHourlyGroupProfiles: [],
    selfServiceResourceGroupProfiles: [],
    selfServiceHourlyResourcePack: null,
    name: user.name,
    email: user.email,
    timezone: 'UTC',
    suspended: false,
    twoFactorAuth: false,
    created: user.created,
    updated: user.created,
  }
}

const balanceOf = (credits: FakeCreditEntry[]) =>
  credits.filter((c) => !c.cancelled).reduce((sum, c) => sum + c.tokens, 0)

/**
 * Wraps every route: outage → network error; no bearer token → 401 without a body (as
 * VirtFusion answers); a queued failure status → that status.
 */
function guarded(
  store: () => FakeRecordStore,
  resolve: (request: Request, params: Record<string, string>) => Promise<Response> | Response,
) {
  return async ({
    request,
    params,
  }: {
    request: Request
    params: Record<string, string | readonly string[] | undefined>
  }): Promise<Response> => {
    const s = state()
    s.requests++
    if ((await store().get<{ on: boolean }>(SWITCH, OUTAGE))?.on) return HttpResponse.error()
    if (!/^Bearer \S+/.test(request.headers.get('authorization') ?? '')) {
      return new HttpResponse(null, { status: 401 })
    }
    if (s.failNext !== null) {
      const status = s.failNext
      s.failNext = null
      return status >= 500
        ? errors(status, 'Server Error')
        : errors(status, `Request failed with ${status}`)
    }
    const flat: Record<string, string> = {}
    for (const [key, value] of Object.entries(params)) {
      if (typeof value === 'string') flat[key] = value
    }
    return resolve(request, flat)
  }
}

const intParam = (value: string | undefined) =>
  value !== undefined && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : null

/**
 * Handlers for a VirtFusion API base URL such as https://cp.example.com/api/v1, the panel's
 * records kept in `store` (offline mode: the database).
 */
export function createVirtFusionHandlers(
  baseUrl: string,
  store: () => FakeRecordStore,
): HttpHandler[] {
  const base = baseUrl.replace(/\/+$/, '')
  const findUser = (ext: number | null) =>
    ext === null ? undefined : store().get<FakeVirtFusionUser>(USER, String(ext))
  return [
    http.get(
      `${base}/users/:extRelationId/byExtRelation`,
      guarded(store, async (_request, params) => {
        const user = await findUser(intParam(params.extRelationId))
        return user ? HttpResponse.json({ data: userJson(user) }) : errors(404, 'User not found')
      }),
    ),

    http.post(
      `${base}/users`,
      guarded(store, async (request) => {
        const parsed = CreateUserBody.safeParse(await jsonBody(request))
        if (!parsed.success) return errors(422, ...parsed.error.issues.map((i) => i.message))
        const taken = () => errors(409, 'extRelationId is already in use')
        if (await findUser(parsed.data.extRelationId)) return taken()
        const user: FakeVirtFusionUser = {
          id: await store().next(USER),
          extRelationId: parsed.data.extRelationId,
          name: parsed.data.name,
          email: parsed.data.email,
          selfService: parsed.data.selfService ?? 0,
          created: new Date().toISOString(),
        }
        // The extRelationId is the record's key: of two racing creates, one is stored.
        if (!(await store().insert(USER, String(user.extRelationId), user))) return taken()
        return HttpResponse.json(
          { data: { ...userJson(user), password: 'fake-generated-password' } },
          { status: 201 },
        )
      }),
    ),

    http.post(
      `${base}/selfService/credit/byUserExtRelationId/:extRelationId`,
      guarded(store, async (request, params) => {
        const s = state()
        const ext = intParam(params.extRelationId)
        if (ext === null || !(await findUser(ext))) return errors(404, 'User not found')
        const parsed = AddCreditBody.safeParse(await jsonBody(request))
        if (!parsed.success) return errors(422, ...parsed.error.issues.map((i) => i.message))
        const entry: FakeCreditEntry = {
          id: await store().next(CREDIT),
          extRelationId: ext,
          tokens: parsed.data.tokens,
          reference_1: parsed.data.reference_1 ?? null,
          reference_2: parsed.data.reference_2 ?? null,
          cancelled: false,
        }
        await store().insert(CREDIT, String(entry.id), entry)
        if (s.timeoutNextCredit) {
          // Applied, but the answer never arrives: the client's timeout ends the request.
          s.timeoutNextCredit = false
          await delay('infinite')
        }
        return HttpResponse.json({ data: { id: entry.id } }, { status: 201 })
      }),
    ),

    http.delete(
      `${base}/selfService/credit/:creditId`,
      guarded(store, async (_request, params) => {
        const id = intParam(params.creditId)
        const cancelled =
          id !== null &&
          (await store().update<FakeCreditEntry, boolean>(CREDIT, String(id), (entry) => {
            if (entry.cancelled) return false
            entry.cancelled = true
            return true
          }))
        if (!cancelled || !cancelled.result) return errors(404, 'Credit not found')
        return new HttpResponse(null, { status: 204 })
      }),
    ),

    http.get(
      `${base}/selfService/hourlyStats/byUserExtRelationId/:extRelationId`,
      guarded(store, async (_request, params) => {
        const ext = intParam(params.extRelationId)
        if (ext === null || !(await findUser(ext))) return errors(404, 'User not found')
        const tokens = balanceOf(
          await store().find<FakeCreditEntry>(CREDIT, { extRelationId: ext }),
        )
        return HttpResponse.json({
          data: {
            periodId: 1,
            period: { start: new Date().toISOString().slice(0, 7) },
            monthlyTotal: { hours: 0, value: 0, tokens: 0 },
            servers: [],
            credit: { tokens },
          },
        })
      }),
    ),
  ]
}

/** The tests' panel at `baseUrl`: records in memory, controlled through `virtfusionFake`. */
export function virtfusionHandlersFor(baseUrl: string): HttpHandler[] {
  return createVirtFusionHandlers(baseUrl, () => state().store)
}

/** The tests' panel at the offline-mode base URL (server/env.ts OFFLINE_VIRTFUSION_API_URL). */
export const virtfusionHandlers: HttpHandler[] = virtfusionHandlersFor(OFFLINE_VIRTFUSION_BASE_URL)

/** Offline mode's outage switch (the /api/dev route), for every process on the store. */
export async function setStoredOutage(store: FakeRecordStore, on: boolean): Promise<void> {
  await store.put(SWITCH, OUTAGE, { on })
}

const memoryCredits = () => state().store.all<FakeCreditEntry>(CREDIT)

export const virtfusionFake = {
  baseUrl: OFFLINE_VIRTFUSION_BASE_URL,

  /** While on, every request fails as a network error (nothing is applied). */
  setOutage(on: boolean): void {
    state().store.set(SWITCH, OUTAGE, { on })
  },

  /** The next add-credit request is applied, but its response never arrives. */
  timeoutNext(): void {
    state().timeoutNextCredit = true
  },

  /** The next request (any route) answers this status without taking effect. */
  failNextWith(status: number): void {
    state().failNext = status
  },

  /** Credit entries of one user (copies), cancelled ones included. */
  credits(extRelationId: number): FakeCreditEntry[] {
    return memoryCredits()
      .filter((c) => c.extRelationId === extRelationId)
      .map((c) => ({ ...c }))
  },

  /** Sum of the user's non-cancelled credit tokens. */
  balance(extRelationId: number): number {
    return balanceOf(memoryCredits().filter((c) => c.extRelationId === extRelationId))
  },

  users(): FakeVirtFusionUser[] {
    return state()
      .store.all<FakeVirtFusionUser>(USER)
      .map((u) => ({ ...u }))
  },

  /** Requests received since the last reset (outages and failures included). */
  requestCount(): number {
    return state().requests
  },

  reset(): void {
    holder.__virtfusionFake = freshState()
  },
}
