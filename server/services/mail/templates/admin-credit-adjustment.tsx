import { Text } from './components.ts'
import { formatCents } from '#server/lib/money.ts'
import { creditsInText } from '#server/services/settings/credits-labels.ts'
import { Greeting, MailLayout, paragraph, type Branding } from './layout.tsx'

export type AdminCreditAdjustmentData = {
  name: string
  direction: 'add' | 'remove'
  /** Positive cents added or removed. */
  amountCents: number
  reason: string
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
        {adding ? 'to' : 'from'} your {creditsInText(props.branding)}.
      </Text>
      <Text style={paragraph}>Reason: {data.reason}</Text>
      <Text style={paragraph}>
        Your balance and every entry are on your account's credits page.
      </Text>
    </MailLayout>
  )
}
