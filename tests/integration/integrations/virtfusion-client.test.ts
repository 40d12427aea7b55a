import { http, HttpResponse } from 'msw'
import { beforeEach, describe, expect, it } from 'vitest'
import { OFFLINE_VIRTFUSION_API_URL } from '#server/env.ts'
import {
  createVirtFusionClient,
  VirtFusionError,
  type VirtFusionClientConfig,
} from '#server/integrations/virtfusion/client.ts'
import { mockServer } from '#tests/mocks/server.ts'
import {
  OFFLINE_VIRTFUSION_BASE_URL,
  virtfusionFake,
  virtfusionHandlersFor,
} from '#tests/mocks/virtfusion.ts'

const BASE = OFFLINE_VIRTFUSION_BASE_URL
const TOKEN = 'vf-api-token-never-shown'

function client(overrides: Partial<VirtFusionClientConfig> = {}) {
  return createVirtFusionClient({ baseUrl: BASE, token: TOKEN, timeoutMs: 5000, ...overrides })
}

async function failure(promise: Promise<unknown>): Promise<VirtFusionError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(VirtFusionError)
    const vf = error as VirtFusionError
    expect(vf.code).toBe('UPSTREAM_UNAVAILABLE')
    expect(vf.message).not.toContain(TOKEN)
    expect(String(vf.cause)).not.toContain(TOKEN)
    return vf
  }
  throw new Error('expected a rejection')
}

async function withUser(extRelationId = 101) {
  const vf = client()
  await vf.createUser({ name: 'Alice', email: 'alice@example.com', extRelationId })
  return vf
}

beforeEach(() => virtfusionFake.reset())

it('the fake serves the offline base URL from server/env.ts', () => {
  expect(OFFLINE_VIRTFUSION_BASE_URL).toBe(OFFLINE_VIRTFUSION_API_URL)
})

describe('users', () => {
  it('finds nothing, creates, then finds the user by extRelationId', async () => {
    const vf = client()
    expect(await vf.findUserByExtRelationId(7)).toBeNull()
    const created = await vf.createUser({ name: 'Bob', email: 'bob@example.com', extRelationId: 7 })
    expect(created.id).toEqual(expect.any(Number))
    expect(await vf.findUserByExtRelationId(7)).toEqual({ id: created.id })
    expect(virtfusionFake.users()).toEqual([
      expect.objectContaining({ extRelationId: 7, email: 'bob@example.com', selfService: 1 }),
    ])
  })

  it('sends bearer auth, Accept JSON, selfService 1 and sendMail false', async () => {
    const seen: { headers: Headers; body: string }[] = []
    const vf = client({
      fetch: (input, init) => {
        seen.push({
          headers: new Headers(init?.headers),
          body: typeof init?.body === 'string' ? init.body : '',
        })
        return fetch(input, init)
      },
    })
    await vf.createUser({ name: 'Bob', email: 'bob@example.com', extRelationId: 8 })
    expect(seen[0]!.headers.get('authorization')).toBe(`Bearer ${TOKEN}`)
    expect(seen[0]!.headers.get('accept')).toBe('application/json')
    expect(JSON.parse(seen[0]!.body)).toMatchObject({
      extRelationId: 8,
      selfService: 1,
      sendMail: false,
    })
  })

  it('is rejected without a token', async () => {
    const error = await failure(client({ token: '' }).findUserByExtRelationId(1))
    expect(error).toMatchObject({ kind: 'rejected', status: 401 })
  })

  it('a duplicate create is rejected', async () => {
    const vf = await withUser(9)
    const error = await failure(
      vf.createUser({ name: 'A', email: 'a@example.com', extRelationId: 9 }),
    )
    expect(error.kind).toBe('rejected')
  })
})

describe('credit', () => {
  it('adds credit with references, returns its id and moves the balance', async () => {
    const vf = await withUser(101)
    expect(await vf.getTokenBalance(101)).toBe(0)
    const { creditId } = await vf.addCredit(101, {
      tokens: 2500,
      reference1: 55,
      reference2: 'CAPTURE-1',
    })
    expect(creditId).toEqual(expect.any(Number))
    expect(virtfusionFake.credits(101)).toEqual([
      {
        id: creditId,
        extRelationId: 101,
        tokens: 2500,
        reference_1: 55,
        reference_2: 'CAPTURE-1',
        cancelled: false,
      },
    ])
    await vf.addCredit(101, { tokens: 100, reference1: 56, reference2: 'CAPTURE-2' })
    expect(await vf.getTokenBalance(101)).toBe(2600)
  })

  it('cancels a credit entry; a second cancel is not_found', async () => {
    const vf = await withUser(101)
    const { creditId } = await vf.addCredit(101, { tokens: 300, reference1: 1, reference2: 'x' })
    await vf.cancelCredit(creditId)
    expect(await vf.getTokenBalance(101)).toBe(0)
    expect(virtfusionFake.credits(101)[0]!.cancelled).toBe(true)
    expect((await failure(vf.cancelCredit(creditId))).kind).toBe('not_found')
  })

  it('credit for an unknown user is not_found', async () => {
    const error = await failure(
      client().addCredit(999, { tokens: 1, reference1: 1, reference2: '' }),
    )
    expect(error).toMatchObject({ kind: 'not_found', status: 404 })
  })

  it('accepts a 200 answer to add credit', async () => {
    mockServer.use(
      http.post(`${BASE}/selfService/credit/byUserExtRelationId/:id`, () =>
        HttpResponse.json({ data: { id: 77 } }, { status: 200 }),
      ),
    )
    expect(await client().addCredit(5, { tokens: 1, reference1: 1, reference2: '' })).toEqual({
      creditId: 77,
    })
  })
})

describe('balance formats', () => {
  const answer = (credit: unknown) =>
    mockServer.use(
      http.get(`${BASE}/selfService/hourlyStats/byUserExtRelationId/:id`, () =>
        HttpResponse.json({ data: { credit, currency: { code: 'USD' } } }),
      ),
    )

  it.each([
    [{ value: '1234' }, 1234],
    [{ value: '1234.99' }, 1234],
    [{ value: 12.5 }, 12],
    [{ tokens: 40, value: '3' }, 40],
    [{ value: '0.00' }, 0],
    [{ value: '-0.5' }, -1],
  ])('reads %j as %i tokens', async (credit, tokens) => {
    answer(credit)
    expect(await client().getTokenBalance(1)).toBe(tokens)
  })

  it.each([{ value: '1e3' }, { value: '12abc' }, { value: ' ' }, {}, { value: null }])(
    'refuses %j as server_error',
    async (credit) => {
      answer(credit)
      expect((await failure(client().getTokenBalance(1))).kind).toBe('server_error')
    },
  )
})

describe('failures', () => {
  it('an outage is unreachable (nothing applied)', async () => {
    const vf = await withUser(101)
    virtfusionFake.setOutage(true)
    const error = await failure(vf.addCredit(101, { tokens: 10, reference1: 1, reference2: '' }))
    expect(error.kind).toBe('unreachable')
    expect(error.outcomeUnknown).toBe(false)
    virtfusionFake.setOutage(false)
    expect(virtfusionFake.credits(101)).toEqual([])
  })

  it('a refused connection is unreachable', async () => {
    const vf = client({
      fetch: () =>
        Promise.reject(
          new TypeError('fetch failed', {
            cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), {
              code: 'ECONNREFUSED',
            }),
          }),
        ),
    })
    expect((await failure(vf.getTokenBalance(1))).kind).toBe('unreachable')
  })

  it('a connection dropped mid-request is an unknown outcome, not unreachable', async () => {
    const vf = client({
      fetch: () =>
        Promise.reject(
          new TypeError('fetch failed', {
            cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
          }),
        ),
    })
    const error = await failure(vf.addCredit(1, { tokens: 1, reference1: 1, reference2: '' }))
    expect(error.kind).toBe('timeout')
    expect(error.outcomeUnknown).toBe(true)
  })

  it('a lost answer is a timeout and the credit exists', async () => {
    const vf = await withUser(101)
    const slow = client({ timeoutMs: 200 })
    virtfusionFake.timeoutNext()
    const error = await failure(
      slow.addCredit(101, { tokens: 500, reference1: 9, reference2: 'CAPTURE-9' }),
    )
    expect(error.kind).toBe('timeout')
    expect(error.outcomeUnknown).toBe(true)
    expect(virtfusionFake.credits(101)).toEqual([
      expect.objectContaining({ tokens: 500, reference_1: 9 }),
    ])
    expect(await vf.getTokenBalance(101)).toBe(500)
  })

  it('a 500 is server_error and applies nothing', async () => {
    const vf = await withUser(101)
    virtfusionFake.failNextWith(500)
    const error = await failure(vf.addCredit(101, { tokens: 10, reference1: 1, reference2: '' }))
    expect(error).toMatchObject({ kind: 'server_error', status: 500 })
    expect(virtfusionFake.credits(101)).toEqual([])
  })

  it('a 422 is rejected', async () => {
    await withUser(101)
    virtfusionFake.failNextWith(422)
    expect((await failure(client().getTokenBalance(101))).kind).toBe('rejected')
  })

  it('an unreadable success body is server_error', async () => {
    mockServer.use(
      http.post(`${BASE}/selfService/credit/byUserExtRelationId/:id`, () =>
        HttpResponse.text('ok', { status: 201 }),
      ),
    )
    const error = await failure(client().addCredit(5, { tokens: 1, reference1: 1, reference2: '' }))
    expect(error).toMatchObject({ kind: 'server_error', status: 201 })
  })

  it('refuses invalid input before calling VirtFusion', async () => {
    const before = virtfusionFake.requestCount()
    await expect(
      client().addCredit(5, { tokens: 1.5, reference1: 1, reference2: '' }),
    ).rejects.toMatchObject({
      code: 'INTERNAL',
    })
    await expect(
      client().addCredit(5, { tokens: 0, reference1: 1, reference2: '' }),
    ).rejects.toMatchObject({
      code: 'INTERNAL',
    })
    expect(virtfusionFake.requestCount()).toBe(before)
  })
})

describe('fake at another base URL', () => {
  it('serves any base URL given to virtfusionHandlersFor', async () => {
    const other = 'https://cp.example.test/api/v1'
    mockServer.use(...virtfusionHandlersFor(other))
    const vf = client({ baseUrl: `${other}/` })
    await vf.createUser({ name: 'C', email: 'c@example.com', extRelationId: 3 })
    expect(await vf.findUserByExtRelationId(3)).toEqual({ id: expect.any(Number) })
  })
})
