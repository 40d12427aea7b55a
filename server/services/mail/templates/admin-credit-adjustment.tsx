import { Text } from '@react-email/components'
import { formatCents } from '#server/lib/money.ts'
import { Facts, Greeting, MailLayout, paragraph, type Branding } from './layout.tsx'

export type AdminCreditAdjustmentData = {
  name: string
  entryId: number
  direction: 'add' | 'remove'
  /** Positive cents added or removed. */
  amountCents: number
  reason: string
  balanceAfterCents: number
}

export function adminCreditAdjustmentSubject(
  data: AdminCreditAdjustmentData,
  branding: Branding,
): string {
  const verb = data.direction === 'add' ? 'added to' : 'removed from'
  return `${branding.appName}: ${formatCents(data.amountCents)} ${verb} your credits`
}

export function AdminCreditAdjustment(props: {
  data: AdminCreditAdjustmentData
  branding: Branding
}) {
  const { data } = props
  const adding = data.direction === 'add'
  return (
    <MailLayout
      branding={props.branding}
      preview={`An administrator ${adding ? 'added' : 'removed'} ${formatCents(data.amountCents)}.`}
      title={adding ? 'Credits added to your account' : 'Credits removed from your account'}
    >
      <Greeting name={data.name} />
      <Text style={paragraph}>
        An administrator {adding ? 'added' : 'removed'} {formatCents(data.amountCents)}{' '}
        {adding ? 'to' : 'from'} your custom credits.
      </Text>
      <Text style={paragraph}>Reason: {data.reason}</Text>
      <Facts
        rows={[
          [adding ? 'Added' : 'Removed', formatCents(data.amountCents)],
          ['Credits balance now', formatCents(data.balanceAfterCents)],
          ['Reference', `Entry ${data.entryId}`],
        ]}
      />
    </MailLayout>
  )
}
