import { Text } from '../components.ts'
import { Facts, Greeting, MailLayout, paragraph, type Branding } from '../layout.tsx'

const IF_NOT_YOU =
  'If this was not you, sign in and change your password now, then contact support.'

export type ApiTokenCreatedData = {
  name: string
  tokenName: string
  /** The token's first characters (never the token). */
  prefix: string
  scope: string
  /** ISO date or null (never expires). */
  expiresAt: string | null
}

export function apiTokenCreatedSubject(_data: ApiTokenCreatedData, branding: Branding): string {
  return `${branding.appName}: a new API token was created`
}

export function ApiTokenCreated(props: { data: ApiTokenCreatedData; branding: Branding }) {
  const { data } = props
  return (
    <MailLayout
      branding={props.branding}
      preview={`API token "${data.tokenName}" was created on your account.`}
      title="New API token created"
    >
      <Greeting name={data.name} />
      <Text style={paragraph}>A new API token was created on your account.</Text>
      <Facts
        rows={[
          ['Name', data.tokenName],
          ['Starts with', data.prefix],
          ['Scope', data.scope],
          ['Expires', data.expiresAt ? data.expiresAt.slice(0, 10) : 'Never'],
        ]}
      />
      <Text style={paragraph}>
        If you did not create it, revoke it on the API tokens page. {IF_NOT_YOU}
      </Text>
    </MailLayout>
  )
}

export type PasswordChangedData = { name: string; otherSessionsEnded: number }

export function passwordChangedSubject(_data: PasswordChangedData, branding: Branding): string {
  return `${branding.appName}: your password was changed`
}

export function PasswordChanged(props: { data: PasswordChangedData; branding: Branding }) {
  const { data } = props
  return (
    <MailLayout
      branding={props.branding}
      preview="Your password was changed."
      title="Your password was changed"
    >
      <Greeting name={data.name} />
      <Text style={paragraph}>
        The password of your account was changed
        {data.otherSessionsEnded > 0
          ? `, and ${data.otherSessionsEnded} other signed-in session${data.otherSessionsEnded === 1 ? ' was' : 's were'} signed out`
          : ''}
        .
      </Text>
      <Text style={paragraph}>{IF_NOT_YOU}</Text>
    </MailLayout>
  )
}

export type EmailChangedData = {
  name: string
  from: string
  to: string
  /** Sent to the old address too: it tells which one this copy went to. */
  sentTo: 'old' | 'new'
}

export function emailChangedSubject(_data: EmailChangedData, branding: Branding): string {
  return `${branding.appName}: your sign-in email was changed`
}

export function EmailChanged(props: { data: EmailChangedData; branding: Branding }) {
  const { data } = props
  return (
    <MailLayout
      branding={props.branding}
      preview={`Your sign-in email is now ${data.to}.`}
      title="Your sign-in email was changed"
    >
      <Greeting name={data.name} />
      <Text style={paragraph}>
        The email you sign in with changed from {data.from} to {data.to}.
        {data.sentTo === 'old' ? ' Mail about your account now goes to the new address.' : ''}
      </Text>
      <Text style={paragraph}>{IF_NOT_YOU}</Text>
    </MailLayout>
  )
}
