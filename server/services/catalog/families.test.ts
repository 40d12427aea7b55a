import { describe, expect, it } from 'vitest'
import { AppError } from '#server/errors.ts'
import { FAMILIES, parseLimits } from './families.ts'
import { ZCreateProductInput } from './schemas.ts'

const server = {
  cpu: 'Xeon E-2388G, 8 cores',
  cores: 8,
  ramGb: 64,
  disks: [{ sizeGb: 960, kind: 'nvme' }],
  bandwidthTb: 30,
  location: 'Amsterdam',
}

function failure(run: () => unknown): AppError {
  try {
    run()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected a validation failure')
}

describe('product families', () => {
  it('DNS allows one live plan and needs no provisioning; servers any number, set up by hand', () => {
    expect(FAMILIES.dns).toMatchObject({ maxLivePerUser: 1, defaultProvisioner: 'none' })
    expect(FAMILIES.dedicated_server).toMatchObject({
      maxLivePerUser: null,
      defaultProvisioner: 'manual',
    })
  })

  it('parses each family with its own schema', () => {
    expect(parseLimits('dns', { maxDomains: 5, maxRecords: '100' })).toEqual({
      maxDomains: 5,
      maxRecords: 100,
    })
    expect(parseLimits('dedicated_server', server)).toEqual(server)
  })

  it('refuses another family’s limits, unknown keys and hostile values, naming the field', () => {
    expect(
      failure(() => parseLimits('dedicated_server', { maxDomains: 5, maxRecords: 5 })).code,
    ).toBe('VALIDATION_FAILED')
    const extra = failure(() => parseLimits('dns', { maxDomains: 1, maxRecords: 1, admin: true }))
    expect(extra.fields).toHaveProperty('limits')
    const disk = failure(() =>
      parseLimits('dedicated_server', { ...server, disks: [{ sizeGb: 1e300, kind: 'tape' }] }),
    )
    expect(Object.keys(disk.fields ?? {})).toEqual(
      expect.arrayContaining(['limits.disks.0.sizeGb', 'limits.disks.0.kind']),
    )
    for (const hostile of [
      null,
      [],
      'x',
      { maxDomains: -1, maxRecords: 1 },
      { maxDomains: 1.5, maxRecords: 1 },
    ]) {
      expect(failure(() => parseLimits('dns', hostile)).httpStatus).toBe(400)
    }
    const tooManyDisks = Array.from({ length: 9 }, () => ({ sizeGb: 1, kind: 'ssd' }))
    expect(
      failure(() => parseLimits('dedicated_server', { ...server, disks: tooManyDisks })).fields,
    ).toEqual({
      'limits.disks': ['At most 8 disks'],
    })
  })

  it('a new product is checked against the family it names, with prices in exact cents', () => {
    const base = { slug: 'ds-1', name: 'DS-1', prices: { monthly: '129.00' }, reason: 'New range' }
    const parsed = ZCreateProductInput.parse({
      ...base,
      family: 'dedicated_server',
      limits: server,
      setupFee: '49.00',
    })
    expect(parsed).toMatchObject({
      setupFee: 4900,
      prices: { monthly: 12900 },
      visibility: 'active',
    })
    expect(ZCreateProductInput.safeParse({ ...base, family: 'dns', limits: server }).success).toBe(
      false,
    )
    expect(ZCreateProductInput.safeParse({ ...base, family: 'vps', limits: {} }).success).toBe(
      false,
    )
    expect(
      ZCreateProductInput.safeParse({
        ...base,
        family: 'dns',
        limits: { maxDomains: 1, maxRecords: 1 },
        prices: {},
      }).success,
    ).toBe(false)
    expect(
      ZCreateProductInput.safeParse({
        ...base,
        family: 'dns',
        limits: { maxDomains: 1, maxRecords: 1 },
        setupFee: '0.001',
      }).success,
    ).toBe(false)
  })
})
