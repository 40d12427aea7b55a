import { createHash } from 'node:crypto'
import { desc, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import * as settingsApi from '#app/routes/api.admin.settings.ts'
import * as logoRoute from '#app/routes/branding.logo.ts'
import { createDatabase } from '#db/connection.ts'
import { db } from '#db/client.ts'
import { adminAuditLog, appSettings } from '#db/schema/index.ts'
import { env } from '#server/env.ts'
import { renderStoredMail } from '#server/services/mail/render-mail.ts'
import { SETTINGS_DEFAULTS } from '#server/services/settings/defaults.ts'
import { getSettings, SETTINGS_CACHE_MS } from '#server/services/settings/get-settings.ts'
import { SETTINGS_LIMITS } from '#server/services/settings/schemas.ts'
import { invoke, jsonBody } from '#tests/helpers/http.ts'
import { trpcData, trpcMutation, trpcQuery } from '#tests/helpers/trpc.ts'
import { createTestUser, type TestUser } from '#tests/helpers/users.ts'

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
/** PNG signature then filler: the server checks the signature and the size, not the pixels. */
const pngOf = (size: number) => Buffer.concat([PNG_MAGIC, Buffer.alloc(size - PNG_MAGIC.length, 7)])
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46])

type Changed = { changed: string[]; settings: { stored: Record<string, string | null> } }
type Failure = { error: { json: { data: { fields?: Record<string, string[]> } } } }

let admin: TestUser
let user: TestUser
beforeAll(async () => {
  admin = await createTestUser({ role: 'admin', name: 'Settings Admin' })
  user = await createTestUser({ name: 'Plain User' })
})
afterEach(() => vi.useRealTimers())

const update = (input: Record<string, unknown>, cookie = admin.cookie) =>
  trpcMutation('admin.settings.update', input, { cookie })

async function fieldErrors(response: Response) {
  expect(response.status).toBe(400)
  const body = (await response.json()) as Failure
  return body.error.json.data.fields ?? {}
}

const latestAudit = async () =>
  (await db.select().from(adminAuditLog).orderBy(desc(adminAuditLog.id)).limit(1))[0]

describe('settings', () => {
  it('without a stored row every setting is its default (the company name is APP_NAME)', async () => {
    const settings = await getSettings(db)
    expect(settings).toMatchObject({
      companyName: env.APP_NAME,
      companyAddress: '',
      taxId: null,
      supportEmail: null,
      logo: null,
      creditsDisplayName: SETTINGS_DEFAULTS.creditsDisplayName,
      creditsSymbol: '$',
      lowBalanceDefaultCents: 500,
    })
  })

  it('an admin update changes the fields sent and audits before/after with the reason; the logo by hash', async () => {
    const logo = pngOf(1000)
    const response = await update({
      companyName: 'Acme Hosting Ltd',
      companyAddress: '1 Main Street\nSpringfield',
      taxId: 'GB123456789',
      supportEmail: 'help@acme.test',
      creditsDisplayName: 'Acme Bucks',
      creditsSymbol: 'AB',
      lowBalanceDefault: '7.50',
      logo: logo.toString('base64'),
      reason: 'Rebranding to Acme',
    })
    const result = await trpcData<Changed>(response)
    expect(result.changed.sort()).toEqual(
      [
        'companyAddress',
        'companyName',
        'creditsDisplayName',
        'creditsSymbol',
        'logo',
        'lowBalanceDefaultCents',
        'supportEmail',
        'taxId',
      ].sort(),
    )
    expect(result.settings.stored.lowBalanceDefault).toBe('7.50')

    const settings = await getSettings(db)
    expect(settings.companyName).toBe('Acme Hosting Ltd')
    expect(settings.lowBalanceDefaultCents).toBe(750)
    expect(settings.logo?.contentType).toBe('image/png')
    expect(Buffer.compare(settings.logo!.bytes, logo)).toBe(0)

    const audit = await latestAudit()
    const sha256 = createHash('sha256').update(logo).digest('hex')
    expect(audit).toMatchObject({
      adminUserId: admin.id,
      action: 'settings.update',
      subject: 'app_settings',
      reason: 'Rebranding to Acme',
    })
    expect(audit!.details).toMatchObject({
      from: { companyName: null, logo: null, lowBalanceDefaultCents: null },
      to: {
        companyName: 'Acme Hosting Ltd',
        lowBalanceDefaultCents: 750,
        logo: { contentType: 'image/png', bytes: 1000, sha256 },
      },
    })
    expect(JSON.stringify(audit!.details)).not.toContain(logo.toString('base64').slice(0, 40))
  })

  it('an update that changes nothing records nothing; an empty field goes back to the default', async () => {
    const before = await latestAudit()
    const same = await trpcData<Changed>(
      await update({ companyName: 'Acme Hosting Ltd', reason: 'Saving again' }),
    )
    expect(same.changed).toEqual([])
    expect((await latestAudit())!.id).toBe(before!.id)

    const reset = await trpcData<Changed>(
      await update({ creditsSymbol: '', logo: null, reason: 'Back to dollars' }),
    )
    expect(reset.changed.sort()).toEqual(['creditsSymbol', 'logo'])
    const settings = await getSettings(db)
    expect(settings.creditsSymbol).toBe('$')
    expect(settings.logo).toBeNull()
    expect((await latestAudit())!.details).toMatchObject({
      from: { creditsSymbol: 'AB' },
      to: { creditsSymbol: null, logo: null },
    })
  })

  it.each([
    [
      'an oversized logo',
      { logo: pngOf(SETTINGS_LIMITS.logoMaxBytes + 1).toString('base64') },
      'logo',
    ],
    [
      'a logo that is not an image',
      { logo: Buffer.from('GIF89a-not-allowed').toString('base64') },
      'logo',
    ],
    [
      'a script named like an image',
      { logo: Buffer.from('<svg onload=alert(1)>').toString('base64') },
      'logo',
    ],
    ['a logo that is not base64', { logo: 'data:image/png;base64,!!' }, 'logo'],
    ['a bad support email', { supportEmail: 'not-an-email' }, 'supportEmail'],
    ['a negative threshold', { lowBalanceDefault: '-1.00' }, 'lowBalanceDefault'],
    ['a threshold finer than cents', { lowBalanceDefault: '5.555' }, 'lowBalanceDefault'],
    ['a threshold in exponent notation', { lowBalanceDefault: '1e3' }, 'lowBalanceDefault'],
    ['a company name too long', { companyName: 'x'.repeat(101) }, 'companyName'],
    ['a control character', { creditsDisplayName: 'Bucks\u0000' }, 'creditsDisplayName'],
    ['an unknown field', { logoUrl: 'https://evil.test/x.png' }, '_'],
  ])('%s is a 400 naming the field and changes nothing', async (_label, input, field) => {
    const before = await db.select({ version: appSettings.version }).from(appSettings)
    const errors = await fieldErrors(await update({ ...input, reason: 'Hostile input' }))
    expect(Object.keys(errors)).toContain(field)
    expect(await db.select({ version: appSettings.version }).from(appSettings)).toEqual(before)
  })

  it('a missing reason is a 400 on reason', async () => {
    const errors = await fieldErrors(await update({ companyName: 'No Reason Inc' }))
    expect(Object.keys(errors)).toEqual(['reason'])
  })

  it('a JPEG is accepted by its signature', async () => {
    await trpcData(await update({ logo: jpeg.toString('base64'), reason: 'JPEG logo' }))
    expect((await getSettings(db)).logo?.contentType).toBe('image/jpeg')
  })

  it('users get 403 and anonymous callers 401, through tRPC and REST', async () => {
    expect(
      (await update({ companyName: 'Mine now', reason: 'Takeover' }, user.cookie)).status,
    ).toBe(403)
    expect((await trpcQuery('admin.settings.get', undefined, user.cookie)).status).toBe(403)
    expect((await trpcQuery('admin.settings.get', undefined)).status).toBe(401)
    const put = await invoke(settingsApi.action, '/api/admin/settings', {
      ...jsonBody({ companyName: 'Mine now', reason: 'Takeover' }, 'PUT'),
      cookie: user.cookie,
    })
    expect(put.status).toBe(403)
    expect((await getSettings(db)).companyName).toBe('Acme Hosting Ltd')
  })

  it('REST GET and PUT use the same schema and service', async () => {
    const put = await invoke(settingsApi.action, '/api/admin/settings', {
      ...jsonBody({ taxId: 'DE999', lowBalanceDefault: 12.5, reason: 'Via the API' }, 'PUT'),
      cookie: admin.cookie,
    })
    expect(put.status).toBe(200)
    const get = await invoke(settingsApi.loader, '/api/admin/settings', { cookie: admin.cookie })
    const view = (await get.json()) as {
      stored: Record<string, unknown>
      defaults: Record<string, unknown>
    }
    expect(view.stored).toMatchObject({ taxId: 'DE999', lowBalanceDefault: '12.50' })
    expect(view.defaults.companyName).toBe(env.APP_NAME)
    const bad = await invoke(settingsApi.action, '/api/admin/settings', {
      ...jsonBody({ lowBalanceDefault: -5, reason: 'Via the API' }, 'PUT'),
      cookie: admin.cookie,
    })
    expect(bad.status).toBe(400)
  })

  it('the logo is served with its type, and cached for good only under its current hash', async () => {
    const settings = await getSettings(db)
    const v = settings.logo!.sha256.slice(0, 16)
    const current = await invoke(logoRoute.loader, `/branding/logo?v=${v}`)
    expect(current.headers.get('Content-Type')).toBe('image/jpeg')
    expect(current.headers.get('Cache-Control')).toContain('immutable')
    expect(Buffer.from(await current.arrayBuffer())).toEqual(jpeg)
    const stale = await invoke(logoRoute.loader, '/branding/logo?v=0000000000000000')
    expect(stale.headers.get('Cache-Control')).toBe('public, max-age=60')
  })

  it('mail rendered through the delivery job’s db carries the company name, address and support email', async () => {
    const mail = await renderStoredMail(
      'tokens-delivered',
      { name: 'Ann', topupId: 1, tokens: 100 },
      db,
    )
    expect(mail.subject).toContain('Acme Hosting Ltd')
    expect(mail.text).toContain('1 Main Street')
    expect(mail.text).toContain('Springfield')
    expect(mail.text).toContain('help@acme.test')
    const withoutDb = await renderStoredMail('tokens-delivered', {
      name: 'Ann',
      topupId: 1,
      tokens: 100,
    })
    expect(withoutDb.subject).toContain(env.APP_NAME)
  })
})

describe('the settings cache across processes (two pools on one database)', () => {
  const other = createDatabase(process.env.DATABASE_URL!, { max: 2 })
  afterAll(() => other.sql.end())

  it('the updating process sees its change at once, another within SETTINGS_CACHE_MS', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    expect((await getSettings(other.db)).creditsDisplayName).toBe('Acme Bucks')
    await trpcData(await update({ creditsDisplayName: 'Sky Coins', reason: 'New name' }))
    expect((await getSettings(db)).creditsDisplayName).toBe('Sky Coins')
    // The other process still trusts its copy, for at most SETTINGS_CACHE_MS.
    expect((await getSettings(other.db)).creditsDisplayName).toBe('Acme Bucks')
    vi.advanceTimersByTime(SETTINGS_CACHE_MS)
    expect((await getSettings(other.db)).creditsDisplayName).toBe('Sky Coins')
  })

  it('after expiry an unchanged version keeps the copy (logo bytes not read again)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    const first = await getSettings(other.db)
    vi.advanceTimersByTime(SETTINGS_CACHE_MS)
    expect(await getSettings(other.db)).toBe(first)
    await db
      .update(appSettings)
      .set({ version: first.version + 1 })
      .where(eq(appSettings.id, 1))
    vi.advanceTimersByTime(SETTINGS_CACHE_MS)
    const second = await getSettings(other.db)
    expect(second).not.toBe(first)
    expect(second.version).toBe(first.version + 1)
    expect(second.logo!.bytes).toBe(first.logo!.bytes)
  })
})
