import { describe, expect, it } from 'vitest'
import { createInputOf, errorsFrom, updateInputOf, valuesOf } from './product-form.ts'
import type { AdminProduct } from './use-admin-catalog.ts'

const server = {
  ...valuesOf(null),
  name: 'Box One',
  slug: 'box-one',
  cpu: 'EPYC 4344P',
  cores: '8',
  ramGb: '64',
  disks: '960 nvme\n 2000 GB hdd \n',
  bandwidthTb: '30',
  location: 'Amsterdam',
  prices: { monthly: '99.00', quarterly: '', yearly: '990' },
  setupFee: '49',
  reason: 'New server line',
}

describe('the catalog product form', () => {
  it('sends a new dedicated server with its disks parsed and only the cycles typed', () => {
    const result = createInputOf('dedicated_server', server)
    expect(result).toMatchObject({
      input: {
        family: 'dedicated_server',
        prices: { monthly: '99.00', yearly: '990' },
        setupFee: '49',
        limits: {
          disks: [
            { sizeGb: '960', kind: 'nvme' },
            { sizeGb: '2000', kind: 'hdd' },
          ],
        },
      },
    })
    expect('input' in result && 'quarterly' in result.input.prices).toBe(false)
  })

  it('puts the schema errors on the fields they belong to', () => {
    const result = createInputOf('dedicated_server', {
      ...server,
      disks: '960 tape',
      prices: { monthly: '', quarterly: '', yearly: '' },
      cores: 'eight',
      reason: '',
    })
    expect(result).toEqual({
      errors: expect.objectContaining({
        disks: 'Disk kind must be ssd, nvme or hdd',
        cores: 'Cores: a whole number from 1 to 1024',
        prices: 'At least one price (monthly, quarterly or yearly)',
        reason: expect.any(String),
      }),
    })
    expect(createInputOf('dedicated_server', { ...server, disks: 'big' })).toEqual({
      errors: { disks: expect.stringContaining('Each disk on its own line') },
    })
  })

  it("checks an edit's limits against the product's own family", () => {
    const dns = {
      id: 7,
      family: 'dns',
      limits: { maxDomains: 5, maxRecords: 100 },
      prices: [],
      features: [],
      setupFee: { cents: 0, formatted: '$0.00' },
    } as unknown as AdminProduct
    const values = { ...valuesOf(dns), reason: 'More domains' }
    expect(values.maxDomains).toBe('5')
    expect(updateInputOf(dns, { ...values, name: 'Basic', maxDomains: '0' })).toEqual({
      errors: { maxDomains: 'Max domains: a whole number from 1 to 100000' },
    })
    expect(updateInputOf(dns, { ...values, name: 'Basic', maxDomains: '10' })).toMatchObject({
      input: { productId: 7, limits: { maxDomains: '10', maxRecords: '100' } },
    })
  })

  it('maps server field paths onto the form, and anything else into the message', () => {
    expect(
      errorsFrom(
        { 'limits.disks.0.sizeGb': ['Disk size: bad'], 'prices.monthly': 'Too much', family: 'x' },
        'Invalid input.',
      ),
    ).toEqual({ disks: 'Disk size: bad', 'prices.monthly': 'Too much', other: 'Invalid input. x' })
    expect(errorsFrom({}, 'No such product.')).toEqual({ other: 'No such product.' })
  })
})
