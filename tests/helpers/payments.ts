import type { ActionFunctionArgs } from '@remix-run/node'
import { and, asc, count, eq } from 'drizzle-orm'
import { beforeAll, beforeEach, expect } from 'vitest'
import * as creditsAddRoute from '#app/routes/api.billing.custom-credits.add.ts'
import * as creditsOrdersRoute from '#app/routes/api.billing.custom-credits.orders.ts'
import * as tokensAddRoute from '#app/routes/api.billing.virtfusion-tokens.add.ts'
import * as tokensOrdersRoute from '#app/routes/api.billing.virtfusion-tokens.orders.ts'
import * as webhookRoute from '#app/routes/api.paypal.webhook.ts'
import * as trpcRoute from '#app/routes/api.trpc.$.ts'
import { db } from '#db/client.ts'
import {
  creditTransactions,
  rateLimitHits,
  tokenTransactions,
  topups,
  userCredits,
  type Topup,
} from '#db/schema/index.ts'
import { OFFLINE_VIRTFUSION_API_URL, PAYPAL_API_BASE } from '#server/env.ts'
import { AppError, type AppErrorCode } from '#server/errors.ts'
import { createPayPalClient } from '#server/integrations/paypal/client.ts'
import { getProviders, type Providers } from '#server/integrations/providers.ts'
import { createVirtFusionClient } from '#server/integrations/virtfusion/client.ts'
import type { CaptureResult } from '#server/services/payments/capture-topup.ts'
import { captureTopup } from '#server/services/payments/capture-topup.ts'
import { createTopupOrder } from '#server/services/payments/create-topup-order.ts'
import { paypalFake } from '#tests/mocks/paypal.ts'
import { virtfusionFake } from '#tests/mocks/virtfusion.ts'
import { BASE_URL, invoke } from './http.ts'
import { createTestUser, type TestUser } from './users.ts'

/**
 * Shared plumbing for the payment integration tests (tests/integration/payments): one
 * call shape for tRPC and REST, readers for the rows a payment touches, and providers
 * with short timeouts for the "no answer" cases.
 */

export type Purpose = Topup['purpose']
export type Via = 'trpc' | 'rest'
export type Caller = { id?: number; cookie?: string } | null

/** A response from either adapter, normalised: data on success, the AppError shape otherwise. */
export type ApiResult<T> = {
  status: number
  data: T | null
  error: {
    code: string | null
    message: string
    fields: Record<string, string[]> | null
    details: Record<string, unknown> | null
  } | null
}

/**
 * Per test: a fresh PayPal fake, and VirtFusion back online. The VirtFusion fake itself is
 * reset once per file (beforeAll, see resetVirtFusionFake): its credit ids restart at 1 on
 * reset while the file's database keeps the rows of earlier tests, and a reused credit id
 * would collide with the once-per-credit cancellation index (token_transactions_cancel_once),
 * which real VirtFusion ids never do. Tests use a new user each, so per-user assertions hold.
 */
export function resetPaymentFakes(): void {
  paypalFake.reset()
  virtfusionFake.setOutage(false)
}

/** Once per file: VirtFusion's fake state lives exactly as long as the file's database. */
export function resetVirtFusionFake(): void {
  virtfusionFake.reset()
}

/** Every test starts with empty rate-limit windows (all requests share one test IP). */
export async function clearRateLimits(): Promise<void> {
  await db.delete(rateLimitHits)
}

/**
 * The setup of a payment test file: VirtFusion's fake reset once for the file; before each
 * test a fresh PayPal fake, VirtFusion online, empty rate-limit windows and a new buyer,
 * handed to `use` (`let alice: TestUser; setUpPaymentTests((user) => (alice = user))`).
 */
export function setUpPaymentTests(use: (buyer: TestUser) => void, name = 'Alice'): void {
  beforeAll(() => resetVirtFusionFake())
  beforeEach(async () => {
    resetPaymentFakes()
    await clearRateLimits()
    use(await createTestUser({ name }))
  })
}

const TRPC_PATHS: Record<Purpose, { create: string; capture: string }> = {
  custom_credits: { create: 'customCredits.createOrder', capture: 'customCredits.captureOrder' },
  virtfusion_tokens: {
    create: 'billing.tokens.createOrder',
    capture: 'billing.tokens.captureOrder',
  },
}

const REST_ROUTES = {
  custom_credits: {
    create: { action: creditsOrdersRoute.action, path: '/api/billing/custom-credits/orders' },
    capture: { action: creditsAddRoute.action, path: '/api/billing/custom-credits/add' },
  },
  virtfusion_tokens: {
    create: { action: tokensOrdersRoute.action, path: '/api/billing/virtfusion-tokens/orders' },
    capture: { action: tokensAddRoute.action, path: '/api/billing/virtfusion-tokens/add' },
  },
} as const

type TrpcBody<T> = {
  result?: { data?: { json?: T } }
  error?: {
    json?: {
      message?: string
      data?: {
        appCode?: string | null
        fields?: Record<string, string[]> | null
        details?: Record<string, unknown> | null
      }
    }
  }
}

type RestErrorBody = {
  error?: {
    code?: string
    message?: string
    fields?: Record<string, string[]>
    details?: Record<string, unknown>
  }
}

export async function readTrpc<T>(response: Response): Promise<ApiResult<T>> {
  const body = (await response.json()) as TrpcBody<T>
  if (body.result)
    return { status: response.status, data: body.result.data?.json ?? null, error: null }
  const json = body.error?.json
  return {
    status: response.status,
    data: null,
    error: {
      code: json?.data?.appCode ?? null,
      message: json?.message ?? '',
      fields: json?.data?.fields ?? null,
      details: json?.data?.details ?? null,
    },
  }
}

export async function readRest<T>(response: Response): Promise<ApiResult<T>> {
  const body = (await response.json()) as unknown
  if (response.status >= 200 && response.status < 300) {
    return { status: response.status, data: body as T, error: null }
  }
  const error = (body as RestErrorBody).error
  return {
    status: response.status,
    data: null,
    error: {
      code: error?.code ?? null,
      message: error?.message ?? '',
      fields: error?.fields ?? null,
      details: error?.details ?? null,
    },
  }
}

/** A tRPC mutation whose input is raw JSON text (so numbers keep the text the caller wrote). */
export function trpcRawMutation(path: string, rawInput: string, cookie?: string) {
  return invoke(trpcRoute.action, `/api/trpc/${path}`, {
    method: 'POST',
    body: `{"json":${rawInput}}`,
    headers: { 'Content-Type': 'application/json' },
    cookie,
  })
}

/** A REST POST whose body is raw JSON text. */
function restRaw(
  route: { action: (args: ActionFunctionArgs) => unknown; path: string },
  rawBody: string,
  cookie?: string,
) {
  return invoke(route.action, route.path, {
    method: 'POST',
    body: rawBody,
    headers: { 'Content-Type': 'application/json' },
    cookie,
  })
}

/** Starts a checkout through the API; `input` is sent as JSON ({ amount } normally). */
export function apiCreateOrder(via: Via, caller: Caller, purpose: Purpose, input: unknown) {
  return apiCreateOrderRaw(via, caller, purpose, JSON.stringify(input))
}

/** Finishes a checkout through the API; `input` is sent as JSON ({ orderId } normally). */
export function apiCaptureOrder(via: Via, caller: Caller, purpose: Purpose, input: unknown) {
  return apiCaptureOrderRaw(via, caller, purpose, JSON.stringify(input))
}

/** The same with the JSON text given verbatim (validation tests control the number text). */
export async function apiCreateOrderRaw(
  via: Via,
  caller: Caller,
  purpose: Purpose,
  rawInput: string,
): Promise<ApiResult<{ orderId: string }>> {
  return via === 'trpc'
    ? readTrpc(await trpcRawMutation(TRPC_PATHS[purpose].create, rawInput, caller?.cookie))
    : readRest(await restRaw(REST_ROUTES[purpose].create, rawInput, caller?.cookie))
}

export async function apiCaptureOrderRaw(
  via: Via,
  caller: Caller,
  purpose: Purpose,
  rawInput: string,
): Promise<ApiResult<CaptureResult>> {
  return via === 'trpc'
    ? readTrpc(await trpcRawMutation(TRPC_PATHS[purpose].capture, rawInput, caller?.cookie))
    : readRest(await restRaw(REST_ROUTES[purpose].capture, rawInput, caller?.cookie))
}

/** The public origin tests create orders under: the origin of the requests `invoke` sends. */
export const TEST_SITE_ORIGIN = BASE_URL

/** A top-up whose PayPal order exists and was approved by the buyer (not captured yet). */
export async function approvedOrder(
  userId: number,
  purpose: Purpose,
  amountCents: number,
  providers: Providers = getProviders(),
): Promise<{ orderId: string; topupId: number }> {
  const created = await createTopupOrder(db, providers, {
    userId,
    purpose,
    amountCents,
    siteOrigin: TEST_SITE_ORIGIN,
  })
  paypalFake.approve(created.orderId)
  return created
}

/** A top-up paid and captured through the service (credits posted, or tokens awaiting delivery). */
export async function capturedTopup(
  userId: number,
  purpose: Purpose,
  amountCents: number,
  providers: Providers = getProviders(),
): Promise<Topup> {
  const { orderId, topupId } = await approvedOrder(userId, purpose, amountCents, providers)
  await captureTopup(db, providers, { userId, orderId, purpose })
  return topupById(topupId)
}

// ---------------------------------------------------------------- readers

export async function topupById(id: number): Promise<Topup> {
  const [row] = await db.select().from(topups).where(eq(topups.id, id))
  if (!row) throw new Error(`no top-up ${id}`)
  return row
}

export async function topupByOrder(orderId: string): Promise<Topup> {
  const [row] = await db.select().from(topups).where(eq(topups.paypalOrderId, orderId))
  if (!row) throw new Error(`no top-up for order ${orderId}`)
  return row
}

export async function topupCount(userId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(topups).where(eq(topups.userId, userId))
  return row?.n ?? 0
}

export async function balanceCents(userId: number): Promise<number> {
  const [row] = await db
    .select({ cents: userCredits.balanceCents })
    .from(userCredits)
    .where(eq(userCredits.userId, userId))
  return row?.cents ?? 0
}

export function creditEntries(userId: number) {
  return db
    .select()
    .from(creditTransactions)
    .where(eq(creditTransactions.userId, userId))
    .orderBy(asc(creditTransactions.id))
}

export function tokenEntries(userId: number) {
  return db
    .select()
    .from(tokenTransactions)
    .where(eq(tokenTransactions.userId, userId))
    .orderBy(asc(tokenTransactions.id))
}

export function purchaseTokenEntries(topupId: number) {
  return db
    .select()
    .from(tokenTransactions)
    .where(and(eq(tokenTransactions.topupId, topupId), eq(tokenTransactions.type, 'purchase')))
}

/** The PayPal capture id the fake assigned to an order. */
export function captureIdOf(orderId: string): string {
  const capture = paypalFake.order(orderId)?.capture
  if (!capture) throw new Error(`paypalFake: order ${orderId} was not captured`)
  return capture.id
}

// ---------------------------------------------------------------- providers and errors

/**
 * The real clients against the same fakes, with short timeouts (for "no answer" cases).
 * Each call makes fresh clients, so no cached access token is shared with getProviders().
 */
export function providersWithTimeouts(options: {
  paypalMs?: number
  virtfusionMs?: number
}): Providers {
  return {
    paypal: createPayPalClient({
      baseUrl: PAYPAL_API_BASE,
      clientId: 'offline-client-id',
      clientSecret: 'offline-client-secret',
      webhookId: 'offline-webhook-id',
      timeoutMs: options.paypalMs ?? 5000,
    }),
    virtfusion: createVirtFusionClient({
      baseUrl: OFFLINE_VIRTFUSION_API_URL,
      token: 'offline-token',
      timeoutMs: options.virtfusionMs ?? 5000,
    }),
  }
}

/** Awaits a promise that must reject with an AppError of this code; returns the error. */
export async function expectAppError(promise: Promise<unknown>, code: AppErrorCode) {
  let caught: unknown
  try {
    await promise
  } catch (error) {
    caught = error
  }
  expect(caught, `expected an AppError ${code}`).toBeInstanceOf(AppError)
  const error = caught as AppError
  expect(error.code, error.message).toBe(code)
  return error
}

// ---------------------------------------------------------------- webhooks

/** POSTs a webhook delivery to /api/paypal/webhook as PayPal would. */
export async function postWebhook(
  rawBody: string,
  headers: Record<string, string> = paypalFake.webhookHeaders(true),
): Promise<ApiResult<{ eventId: string; outcome: string; duplicate: boolean }>> {
  const response = await invoke(webhookRoute.action, '/api/paypal/webhook', {
    method: 'POST',
    body: rawBody,
    headers: { ...headers, 'Content-Type': 'application/json' },
  })
  return readRest(response)
}
