import { render } from '@react-email/render'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadMailComponents } from '../components.ts'
import type { Branding } from '../layout.tsx'
import { SERVICE_TEMPLATES, type ServiceTemplates } from './index.ts'

const branding: Branding = {
  appName: 'SkyPANEL',
  appUrl: 'https://panel.example.com',
  companyAddress: '',
  supportEmail: null,
  logoUrl: null,
  creditsDisplayName: 'Custom credits',
  creditsSymbol: '$',
}
const ref = { name: 'Ada', serviceId: 42, serviceName: 'Dedicated E3', label: 'Dedicated server' }

async function rendered<T extends keyof ServiceTemplates>(
  template: T,
  data: ServiceTemplates[T],
  brand: Branding = branding,
) {
  const entry = SERVICE_TEMPLATES[template]
  const element = entry.element(data, brand)
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })])
  return { subject: entry.subject(data, brand), html, text }
}

beforeAll(loadMailComponents)

/** The text version with its line breaks folded: sentences wrap at any word. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ')

const reminder = {
  ...ref,
  daysBefore: 7 as const,
  periodEnd: '2027-07-15T10:00:00.000Z',
  renews: true,
  priceCents: 4_000,
  balanceCents: 1_250,
  shortfallCents: 2_750,
  topUp: { cents: 2_750, path: '/billing?tab=credits&amount=27.50' },
}

describe('renewal reminder', () => {
  it('short: says by how much, and links the prefilled top-up on the app address', async () => {
    const mail = await rendered('service-renewal-reminder', reminder)
    expect(mail.subject).toBe('SkyPANEL: add $27.50 before Dedicated E3 renews on July 15, 2027')
    const text = oneLine(mail.text)
    expect(text).toContain('Hello Ada,')
    expect(text).toContain('Your balance of $12.50 does not cover it: it is $27.50 short.')
    expect(text).toContain('Add $27.50 of credits')
    expect(text).toContain('https://panel.example.com/billing?tab=credits&amount=27.50')
  })

  it('renewals due before it: says the balance pays them first, and lists them', async () => {
    const mail = await rendered('service-renewal-reminder', {
      ...reminder,
      balanceCents: 5_000,
      dueBeforeCents: 4_000,
      shortfallCents: 3_000,
      topUp: { cents: 3_000, path: '/billing?tab=credits&amount=30.00' },
    })
    const text = oneLine(mail.text)
    expect(text).toContain(
      'Your balance of $50.00 first pays $40.00 of renewals due before this one, so it does not cover it: it is $30.00 short.',
    )
    expect(text).toMatch(/Renewals due before it\s*\$40\.00/)
  })

  it('covered, the day before: nothing to do, a link to the service', async () => {
    const mail = await rendered('service-renewal-reminder', {
      ...reminder,
      daysBefore: 1,
      balanceCents: 5_000,
      shortfallCents: 0,
      topUp: null,
    })
    expect(mail.subject).toBe('SkyPANEL: Dedicated E3 renews tomorrow, your credits cover it')
    const text = oneLine(mail.text)
    expect(text).toContain('Your balance of $50.00 covers it; there is nothing to do.')
    expect(text).toContain('https://panel.example.com/services/42')
    expect(text).not.toContain('billing?tab=credits')
  })

  it('auto-renew off: it ends, nothing is charged; an unsubscribe link when the job gives one', async () => {
    const mail = await rendered('service-renewal-reminder', {
      ...reminder,
      renews: false,
      topUp: null,
      unsubscribeUrl: 'https://panel.example.com/unsubscribe?t=x',
    })
    expect(mail.subject).toBe('SkyPANEL: Dedicated E3 ends on July 15, 2027')
    const text = oneLine(mail.text)
    // The heading (the text version capitalises headings).
    expect(mail.html).toContain('Your dedicated server ends on July 15, 2027')
    expect(text).toContain('it ends on July 15, 2027, at the end of its paid period')
    expect(text).toContain('nothing more is charged')
    expect(text).not.toContain('short')
    expect(text).toContain('Unsubscribe from these messages')
  })

  it('a DNS plan keeps its acronym in the title', async () => {
    const mail = await rendered('service-renewal-reminder', { ...reminder, label: 'DNS plan' })
    expect(mail.html).toContain('Your DNS plan renews on July 15, 2027')
  })
})

describe('lifecycle messages', () => {
  it('renewal paid: amount, period, balance after', async () => {
    const mail = await rendered('service-renewed', {
      ...ref,
      amountCents: 4_000,
      periodStart: '2027-07-15T10:00:00.000Z',
      periodEnd: '2027-08-15T10:00:00.000Z',
      balanceAfterCents: 123_456,
      resumed: false,
    })
    expect(mail.subject).toBe('SkyPANEL: Dedicated E3 renewed until August 15, 2027')
    const text = oneLine(mail.text)
    expect(text).toContain(
      'We renewed Dedicated E3 until August 15, 2027 and charged $40.00 of custom credits.',
    )
    expect(text).toContain('$1,234.56')
    expect(text).not.toContain('runs again')
  })

  it('renewal paid after a suspension: says it is resumed', async () => {
    const mail = await rendered('service-renewed', {
      ...ref,
      amountCents: 4_000,
      periodStart: '2027-07-15T10:00:00.000Z',
      periodEnd: '2027-08-15T10:00:00.000Z',
      balanceAfterCents: 0,
      resumed: true,
    })
    expect(mail.subject).toBe('SkyPANEL: Dedicated E3 renewed and resumed')
    expect(oneLine(mail.text)).toContain('runs again now')
  })

  it('renewal failed: what is missing, the deadline, suspended then (ends, for a DNS plan)', async () => {
    const data = {
      ...ref,
      priceCents: 4_000,
      shortfallCents: 999,
      dueAt: '2027-07-15T10:00:00.000Z',
      graceEndsAt: '2027-07-22T10:00:00.000Z',
      suspends: true,
      topUp: { cents: 999, path: '/billing?tab=credits&amount=9.99' },
    }
    const mail = await rendered('service-renewal-failed', data)
    expect(mail.subject).toBe('SkyPANEL: the renewal of Dedicated E3 failed, $9.99 missing')
    const text = oneLine(mail.text)
    expect(text).toContain('We could not renew Dedicated E3 on July 15, 2027')
    expect(text).toContain('Add $9.99 by July 22, 2027 to keep it')
    expect(text).toContain('it is suspended')
    expect(text).toContain('https://panel.example.com/billing?tab=credits&amount=9.99')
    const dns = oneLine(
      (await rendered('service-renewal-failed', { ...data, suspends: false })).text,
    )
    expect(dns).toContain('If it is still unpaid on July 22, 2027, it ends.')
  })

  it('suspended, unpaid and by an administrator', async () => {
    const unpaid = await rendered('service-suspended', {
      ...ref,
      suspendedAt: '2027-07-22T10:00:00.000Z',
      by: 'unpaid',
      reason: null,
      shortfallCents: 999,
      dueAt: '2027-07-15T10:00:00.000Z',
      terminatesAt: '2027-08-05T10:00:00.000Z',
      topUp: { cents: 999, path: '/billing?tab=credits&amount=9.99' },
    })
    expect(unpaid.subject).toBe('SkyPANEL: Dedicated E3 is suspended')
    expect(oneLine(unpaid.text)).toContain(
      'Add $9.99 of custom credits by August 5, 2027 to resume it.',
    )
    const byAdmin = await rendered('service-suspended', {
      ...ref,
      suspendedAt: '2027-07-01T10:00:00.000Z',
      by: 'admin',
      reason: 'Abuse report #7',
      shortfallCents: null,
      dueAt: null,
      terminatesAt: null,
      topUp: null,
    })
    const text = oneLine(byAdmin.text)
    expect(text).toContain('An administrator suspended Dedicated E3 on July 1, 2027.')
    expect(text).toContain('Reason: Abuse report #7')
    expect(text).not.toContain('billing?tab=credits')
  })

  it('terminated and ended', async () => {
    const terminated = await rendered('service-terminated', {
      ...ref,
      endedAt: '2027-08-05T10:00:00.000Z',
      by: 'unpaid',
      reason: null,
      dueAt: '2027-07-15T10:00:00.000Z',
    })
    expect(terminated.subject).toBe('SkyPANEL: Dedicated E3 was terminated')
    expect(oneLine(terminated.text)).toContain('the renewal due July 15, 2027 was not paid in time')
    const ended = await rendered('service-ended', { ...ref, endedAt: '2027-07-15T10:00:00.000Z' })
    expect(ended.subject).toBe('SkyPANEL: Dedicated E3 has ended')
    expect(oneLine(ended.text)).toContain('As you asked, Dedicated E3 ended on July 15, 2027')
  })
})

describe("the admin's display name for custom credits (ADR 028)", () => {
  const renamed: Branding = { ...branding, creditsDisplayName: 'Sky Credits', creditsSymbol: 'SC' }

  it('names the credits as set, in sentences and facts; amounts stay dollars', async () => {
    const paid = await rendered(
      'service-renewed',
      {
        ...ref,
        amountCents: 4_000,
        periodStart: '2027-07-15T10:00:00.000Z',
        periodEnd: '2027-08-15T10:00:00.000Z',
        balanceAfterCents: 1_000,
        resumed: false,
      },
      renamed,
    )
    const reminded = await rendered('service-renewal-reminder', reminder, renamed)
    const texts = [oneLine(paid.text), oneLine(reminded.text)]
    expect(texts[0]).toContain('and charged $40.00 of Sky Credits.')
    expect(texts[0]).toContain('Sky Credits now')
    expect(texts[1]).toContain('renews on July 15, 2027 for $40.00 of Sky Credits.')
    expect(texts[1]).toContain('Your Sky Credits')
    for (const text of texts) expect(text.toLowerCase()).not.toContain('custom credits')
  })
})
