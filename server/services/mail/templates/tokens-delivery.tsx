import { Text } from './components.ts'
import { Facts, Greeting, MailLayout, paragraph, type Branding } from './layout.tsx'

export type TokensDeliveryData = { name: string; topupId: number; tokens: number }

export function tokensDeliveredSubject(data: TokensDeliveryData, branding: Branding): string {
  return `${branding.appName}: ${data.tokens} VirtFusion tokens delivered`
}

export function tokensDelayedSubject(data: TokensDeliveryData, branding: Branding): string {
  return `${branding.appName}: your VirtFusion tokens are delayed`
}

export function TokensDelivered(props: { data: TokensDeliveryData; branding: Branding }) {
  const { data } = props
  return (
    <MailLayout
      branding={props.branding}
      preview={`${data.tokens} tokens are in your VirtFusion account.`}
      title="Tokens delivered"
    >
      <Greeting name={data.name} />
      <Text style={paragraph}>
        The {data.tokens} VirtFusion tokens you paid for are now in your VirtFusion account.
      </Text>
      <Facts rows={[['Reference', `Top-up ${data.topupId}`]]} />
    </MailLayout>
  )
}

export function TokensDelayed(props: { data: TokensDeliveryData; branding: Branding }) {
  const { data } = props
  return (
    <MailLayout
      branding={props.branding}
      preview="Your payment is safe; an administrator is checking the delivery."
      title="Token delivery delayed"
    >
      <Greeting name={data.name} />
      <Text style={paragraph}>
        Your payment for {data.tokens} VirtFusion tokens is safe, but we could not confirm the
        delivery to VirtFusion. An administrator is checking it and will either complete the
        delivery or refund you. You do not need to pay again.
      </Text>
      <Facts rows={[['Reference', `Top-up ${data.topupId}`]]} />
    </MailLayout>
  )
}
