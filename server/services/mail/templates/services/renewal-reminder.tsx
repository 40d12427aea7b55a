import { Text } from '../components.ts'
import { formatCents } from '#server/lib/money.ts'
import { creditsInText } from '#server/services/settings/credits-labels.ts'
import { Facts, Greeting, MailLayout, paragraph, type Branding } from '../layout.tsx'
import { UnsubscribeFooter } from '../account/unsubscribe-footer.tsx'
import { formatDay, inSentence, NextStep, servicePath, type ServiceMailRef } from './common.tsx'

export type RenewalReminderData = ServiceMailRef & {
  /** Which reminder of the period: a week before, or the day before. */
  daysBefore: 7 | 1
  /** The end of the paid period: the renewal date, or the last day when it ends. */
  periodEnd: string
  /** False: auto-renew is off or a cancel is scheduled, so the service ends at periodEnd. */
  renews: boolean
  /** What the renewal will charge. */
  priceCents: number
  /** Custom credits at the time of the reminder. */
  balanceCents: number
  /**
   * The user's other renewals that fall due before this one: the same balance pays them
   * first. Absent in reminders stored before it was counted.
   */
  dueBeforeCents?: number
  /** What the balance lacks (0: it covers the renewal). */
  shortfallCents: number
  /** The prefilled top-up (at least the shortfall, within the purchase limits); null when covered. */
  topUp: { cents: number; path: string } | null
  /** Put in by the delivery job: reminders are an optional category (ADR 026 addendum). */
  unsubscribeUrl?: string | null
}

const when = (data: RenewalReminderData) =>
  data.daysBefore === 1 ? 'tomorrow' : `on ${formatDay(data.periodEnd)}`

export function renewalReminderSubject(data: RenewalReminderData, branding: Branding): string {
  if (!data.renews) return `${branding.appName}: ${data.serviceName} ends ${when(data)}`
  if (data.shortfallCents > 0)
    return `${branding.appName}: add ${formatCents(data.shortfallCents)} before ${data.serviceName} renews ${when(data)}`
  return `${branding.appName}: ${data.serviceName} renews ${when(data)}, your credits cover it`
}

export function RenewalReminder(props: { data: RenewalReminderData; branding: Branding }) {
  const { data, branding } = props
  const date = formatDay(data.periodEnd)
  if (!data.renews) {
    return (
      <MailLayout
        branding={branding}
        preview={`Auto-renew is off: ${data.serviceName} ends on ${date}.`}
        title={`Your ${inSentence(data.label)} ends ${when(data)}`}
      >
        <Greeting name={data.name} />
        <Text style={paragraph}>
          Auto-renew is off for {data.serviceName}, so it will not be renewed: it ends on {date}, at
          the end of its paid period, and nothing more is charged.
        </Text>
        <Text style={paragraph}>
          To keep it, turn auto-renew back on before then; it renews for{' '}
          {formatCents(data.priceCents)} of {creditsInText(branding)}.
        </Text>
        <NextStep branding={branding} path={servicePath(data.serviceId)}>
          {`Manage ${data.serviceName}`}
        </NextStep>
        <UnsubscribeFooter url={data.unsubscribeUrl} what="renewal reminder" />
      </MailLayout>
    )
  }
  const facts: [string, string][] = [
    ['Renews on', date],
    ['Renewal price', formatCents(data.priceCents)],
    [`Your ${creditsInText(branding)}`, formatCents(data.balanceCents)],
  ]
  const dueBefore = data.dueBeforeCents ?? 0
  if (dueBefore > 0) facts.push(['Renewals due before it', formatCents(dueBefore)])
  if (data.shortfallCents > 0) facts.push(['Missing', formatCents(data.shortfallCents)])
  const balance = `Your balance of ${formatCents(data.balanceCents)}`
  const yourBalance =
    dueBefore > 0
      ? `${balance} first pays ${formatCents(dueBefore)} of renewals due before this one, so it`
      : balance
  return (
    <MailLayout
      branding={branding}
      preview={
        data.shortfallCents > 0
          ? `Your credits are ${formatCents(data.shortfallCents)} short of the renewal.`
          : 'Your credits cover the renewal.'
      }
      title={`Your ${inSentence(data.label)} renews ${when(data)}`}
    >
      <Greeting name={data.name} />
      {data.shortfallCents > 0 ? (
        <>
          <Text style={paragraph}>
            {data.serviceName} renews on {date} for {formatCents(data.priceCents)} of{' '}
            {creditsInText(branding)}. {yourBalance} does not cover it: it is{' '}
            {formatCents(data.shortfallCents)} short.
          </Text>
          <Text style={paragraph}>
            Add at least {formatCents(data.shortfallCents)} before {date}, or the renewal fails and
            the service becomes past due.
          </Text>
        </>
      ) : (
        <Text style={paragraph}>
          {data.serviceName} renews on {date} for {formatCents(data.priceCents)} of{' '}
          {creditsInText(branding)}. {yourBalance} covers it; there is nothing to do.
        </Text>
      )}
      <Facts rows={facts} />
      {data.topUp ? (
        <NextStep branding={branding} path={data.topUp.path}>
          {`Add ${formatCents(data.topUp.cents)} of credits`}
        </NextStep>
      ) : (
        <NextStep branding={branding} path={servicePath(data.serviceId)}>
          {`Manage ${data.serviceName}`}
        </NextStep>
      )}
      <UnsubscribeFooter url={data.unsubscribeUrl} what="renewal reminder" />
    </MailLayout>
  )
}
