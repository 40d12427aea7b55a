import {
  Body,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Img,
  Link,
  Preview,
  Section,
  Text,
} from './components.ts'
import type { ReactNode } from 'react'

/**
 * What every message is signed with: the admin's settings (ADR 028) at the time it is rendered,
 * or the env defaults (APP_NAME, APP_URL) where no database is at hand. Build it with
 * brandingFrom / envBranding (server/services/mail/render-mail.ts).
 */
export type Branding = {
  /** The company name (APP_NAME until an admin sets one). */
  appName: string
  appUrl: string | null
  /** Multi-line postal address, '' when not set. */
  companyAddress: string
  supportEmail: string | null
  /** An absolute URL of the logo (needs APP_URL: mail clients cannot resolve a path). */
  logoUrl: string | null
  /** How custom credits are named and marked, e.g. "Custom credits" and "$". */
  creditsDisplayName: string
  creditsSymbol: string
}

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
          {branding.logoUrl ? (
            <Img
              src={branding.logoUrl}
              alt={branding.appName}
              height="40"
              style={{ height: '40px' }}
            />
          ) : (
            <Text style={{ ...muted, fontWeight: 'bold', fontSize: '14px' }}>
              {branding.appName}
            </Text>
          )}
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
          {branding.companyAddress ? (
            <Text style={muted}>
              {branding.companyAddress.split('\n').map((line, index) => (
                <span key={index}>
                  {index > 0 ? <br /> : null}
                  {line}
                </span>
              ))}
            </Text>
          ) : null}
          {branding.supportEmail ? (
            <Text style={muted}>
              Questions? Write to{' '}
              <Link href={`mailto:${branding.supportEmail}`}>{branding.supportEmail}</Link>
            </Text>
          ) : null}
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
