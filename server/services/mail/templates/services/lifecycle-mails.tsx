import { Text } from '../components.ts'
import { formatCents } from '#server/lib/money.ts'
import { creditsInText } from '#server/services/settings/credits-labels.ts'
import { Facts, Greeting, MailLayout, paragraph, type Branding } from '../layout.tsx'
import { formatDay, NextStep, servicePath, type ServiceMailRef } from './common.tsx'

type TopUp = { cents: number; path: string }

// ---------------------------------------------------------------------------------------------
// Renewal paid

export type ServiceRenewedData = ServiceMailRef & {
  amountCents: number
  periodStart: string
  periodEnd: string
  /** Custom credits after the charge. */
  balanceAfterCents: number
  /** It was suspended for an unpaid renewal, and this payment resumed it. */
  resumed: boolean
}

export function serviceRenewedSubject(data: ServiceRenewedData, branding: Branding): string {
  return data.resumed
    ? `${branding.appName}: ${data.serviceName} renewed and resumed`
    : `${branding.appName}: ${data.serviceName} renewed until ${formatDay(data.periodEnd)}`
}

export function ServiceRenewed(props: { data: ServiceRenewedData; branding: Branding }) {
  const { data, branding } = props
  return (
    <MailLayout
      branding={branding}
      preview={`${formatCents(data.amountCents)} of ${creditsInText(branding)} paid the renewal.`}
      title={data.resumed ? `${data.label} renewed and resumed` : `${data.label} renewed`}
    >
      <Greeting name={data.name} />
      <Text style={paragraph}>
        We renewed {data.serviceName} until {formatDay(data.periodEnd)} and charged{' '}
        {formatCents(data.amountCents)} of {creditsInText(branding)}.
        {data.resumed ? ' It was suspended for the unpaid renewal and runs again now.' : ''}
      </Text>
      <Facts
        rows={[
          ['Charged', formatCents(data.amountCents)],
          ['Period', `${formatDay(data.periodStart)} to ${formatDay(data.periodEnd)}`],
          [`${branding.creditsDisplayName} now`, formatCents(data.balanceAfterCents)],
          ['Next renewal', formatDay(data.periodEnd)],
        ]}
      />
      <NextStep branding={branding} path={servicePath(data.serviceId)}>
        {`View ${data.serviceName}`}
      </NextStep>
    </MailLayout>
  )
}

// ---------------------------------------------------------------------------------------------
// Renewal failed: past due

export type ServiceRenewalFailedData = ServiceMailRef & {
  priceCents: number
  shortfallCents: number
  /** The start of the unpaid period (the renewal date that failed). */
  dueAt: string
  /** Unpaid until then: suspended (or, when `suspends` is false, ended). */
  graceEndsAt: string
  /** False for a family that ends instead of being suspended (a DNS plan expires). */
  suspends: boolean
  topUp: TopUp
}

export function serviceRenewalFailedSubject(
  data: ServiceRenewalFailedData,
  branding: Branding,
): string {
  return `${branding.appName}: the renewal of ${data.serviceName} failed, ${formatCents(data.shortfallCents)} missing`
}

export function ServiceRenewalFailed(props: {
  data: ServiceRenewalFailedData
  branding: Branding
}) {
  const { data, branding } = props
  const deadline = formatDay(data.graceEndsAt)
  return (
    <MailLayout
      branding={branding}
      preview={`Add ${formatCents(data.shortfallCents)} by ${deadline} to keep ${data.serviceName}.`}
      title={`${data.label} renewal failed`}
    >
      <Greeting name={data.name} />
      <Text style={paragraph}>
        We could not renew {data.serviceName} on {formatDay(data.dueAt)}: the renewal costs{' '}
        {formatCents(data.priceCents)} and your {creditsInText(branding)} are{' '}
        {formatCents(data.shortfallCents)} short. The service is past due.
      </Text>
      <Text style={paragraph}>
        Add {formatCents(data.shortfallCents)} by {deadline} to keep it; the next renewal run then
        charges it, or pay now on the service page.{' '}
        {data.suspends
          ? `If it is still unpaid on ${deadline}, it is suspended.`
          : `If it is still unpaid on ${deadline}, it ends.`}
      </Text>
      <Facts
        rows={[
          ['Renewal price', formatCents(data.priceCents)],
          ['Missing', formatCents(data.shortfallCents)],
          ['Pay by', deadline],
        ]}
      />
      <NextStep branding={branding} path={data.topUp.path}>
        {`Add ${formatCents(data.topUp.cents)} of credits`}
      </NextStep>
      <NextStep branding={branding} path={servicePath(data.serviceId)}>
        {`View ${data.serviceName}`}
      </NextStep>
    </MailLayout>
  )
}

// ---------------------------------------------------------------------------------------------
// Suspended

export type ServiceSuspendedData = ServiceMailRef & {
  suspendedAt: string
  /** Unpaid: the renewal failed and the grace days are over; admin: an administrator did it. */
  by: 'unpaid' | 'admin'
  /** The administrator's reason (by admin). */
  reason: string | null
  /** Unpaid: what is missing, the renewal date that failed, when it is terminated, the top-up. */
  shortfallCents: number | null
  dueAt: string | null
  terminatesAt: string | null
  topUp: TopUp | null
}

export function serviceSuspendedSubject(data: ServiceSuspendedData, branding: Branding): string {
  return `${branding.appName}: ${data.serviceName} is suspended`
}

export function ServiceSuspended(props: { data: ServiceSuspendedData; branding: Branding }) {
  const { data, branding } = props
  const unpaid = data.by === 'unpaid' && data.shortfallCents !== null && data.terminatesAt
  return (
    <MailLayout
      branding={branding}
      preview={
        unpaid
          ? `Add ${formatCents(data.shortfallCents!)} by ${formatDay(data.terminatesAt!)} to resume it.`
          : 'An administrator suspended your service.'
      }
      title={`${data.label} suspended`}
    >
      <Greeting name={data.name} />
      {unpaid ? (
        <>
          <Text style={paragraph}>
            The renewal of {data.serviceName}
            {data.dueAt ? ` due ${formatDay(data.dueAt)}` : ''} is still unpaid, so we suspended it
            on {formatDay(data.suspendedAt)}.
          </Text>
          <Text style={paragraph}>
            Add {formatCents(data.shortfallCents!)} of {creditsInText(branding)} by{' '}
            {formatDay(data.terminatesAt!)} to resume it. If it is still unpaid then, it is
            terminated and cannot be restored.
          </Text>
          {data.topUp ? (
            <NextStep branding={branding} path={data.topUp.path}>
              {`Add ${formatCents(data.topUp.cents)} of credits`}
            </NextStep>
          ) : null}
        </>
      ) : (
        <>
          <Text style={paragraph}>
            An administrator suspended {data.serviceName} on {formatDay(data.suspendedAt)}.
          </Text>
          {data.reason ? <Text style={paragraph}>Reason: {data.reason}</Text> : null}
          <Text style={paragraph}>
            Paying cannot lift this suspension; contact support if you have questions.
          </Text>
        </>
      )}
      <NextStep branding={branding} path={servicePath(data.serviceId)}>
        {`View ${data.serviceName}`}
      </NextStep>
    </MailLayout>
  )
}

// ---------------------------------------------------------------------------------------------
// Terminated

export type ServiceTerminatedData = ServiceMailRef & {
  endedAt: string
  by: 'unpaid' | 'admin'
  /** The administrator's reason (by admin). */
  reason: string | null
  /** The renewal date that was never paid (unpaid). */
  dueAt: string | null
}

export function serviceTerminatedSubject(data: ServiceTerminatedData, branding: Branding): string {
  return `${branding.appName}: ${data.serviceName} was terminated`
}

export function ServiceTerminated(props: { data: ServiceTerminatedData; branding: Branding }) {
  const { data, branding } = props
  return (
    <MailLayout
      branding={branding}
      preview={`${data.serviceName} ended on ${formatDay(data.endedAt)}.`}
      title={`${data.label} terminated`}
    >
      <Greeting name={data.name} />
      {data.by === 'unpaid' ? (
        <Text style={paragraph}>
          {data.serviceName} was terminated on {formatDay(data.endedAt)}: the renewal
          {data.dueAt ? ` due ${formatDay(data.dueAt)}` : ''} was not paid in time. Nothing more is
          charged.
        </Text>
      ) : (
        <>
          <Text style={paragraph}>
            An administrator terminated {data.serviceName} on {formatDay(data.endedAt)}.
          </Text>
          {data.reason ? <Text style={paragraph}>Reason: {data.reason}</Text> : null}
        </>
      )}
      <Text style={paragraph}>
        A terminated service cannot be restored; you can order a new one at any time.
      </Text>
      <NextStep branding={branding} path="/services">
        Your services
      </NextStep>
    </MailLayout>
  )
}

// ---------------------------------------------------------------------------------------------
// Ended at the period end, as the customer asked (auto-renew off)

export type ServiceEndedData = ServiceMailRef & { endedAt: string }

export function serviceEndedSubject(data: ServiceEndedData, branding: Branding): string {
  return `${branding.appName}: ${data.serviceName} has ended`
}

export function ServiceEnded(props: { data: ServiceEndedData; branding: Branding }) {
  const { data, branding } = props
  return (
    <MailLayout
      branding={branding}
      preview={`${data.serviceName} ended at the end of its paid period.`}
      title={`${data.label} ended`}
    >
      <Greeting name={data.name} />
      <Text style={paragraph}>
        As you asked, {data.serviceName} ended on {formatDay(data.endedAt)}, at the end of its paid
        period. Nothing more is charged.
      </Text>
      <NextStep branding={branding} path="/services">
        Your services
      </NextStep>
    </MailLayout>
  )
}
