import {
  Body,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from '@react-email/components'
import type { ReactNode } from 'react'

/** What every message is signed with; from env (APP_NAME, APP_URL) until branding settings exist. */
export type Branding = { appName: string; appUrl: string | null }

const page = { backgroundColor: '#f1f5f9', fontFamily: 'Arial, Helvetica, sans-serif' }
const card = {
  backgroundColor: '#ffffff',
  border: '1px solid #e2e8f0',
  borderRadius: '8px',
  margin: '24px auto',
  maxWidth: '560px',
  padding: '24px',
}
export const paragraph = { color: '#0f172a', fontSize: '15px', lineHeight: '22px' }
const muted = { color: '#475569', fontSize: '12px', lineHeight: '18px' }

export function MailLayout(props: {
  branding: Branding
  preview: string
  title: string
  children: ReactNode
}) {
  const { branding } = props
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Text style={{ ...muted, fontWeight: 'bold', fontSize: '14px' }}>{branding.appName}</Text>
          <Heading as="h1" style={{ color: '#0f172a', fontSize: '20px' }}>
            {props.title}
          </Heading>
          <Section>{props.children}</Section>
          <Hr />
          <Text style={muted}>
            {branding.appName}
            {branding.appUrl ? (
              <>
                {' · '}
                <Link href={branding.appUrl}>{branding.appUrl}</Link>
              </>
            ) : null}
          </Text>
        </Container>
      </Body>
    </Html>
  )
}

/** Label/value lines (amounts, references): a table, which every mail client lays out. */
export function Facts(props: { rows: [string, string][] }) {
  return (
    <table role="presentation" style={{ width: '100%', borderCollapse: 'collapse' }}>
      <tbody>
        {props.rows.map(([label, value]) => (
          <tr key={label}>
            <td style={{ ...paragraph, color: '#475569', padding: '4px 0' }}>{label}</td>
            <td style={{ ...paragraph, padding: '4px 0', textAlign: 'right' }}>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function Greeting(props: { name: string }) {
  return <Text style={paragraph}>Hello {props.name},</Text>
}
