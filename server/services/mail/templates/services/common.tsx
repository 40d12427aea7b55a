import { Link, Text } from '../components.ts'
import { paragraph, type Branding } from '../layout.tsx'

/** What every service message names: which service, and where the customer manages it. */
export type ServiceMailRef = {
  name: string
  serviceId: number
  /** The product's name, e.g. "DNS Pro" or "Dedicated E3-1230". */
  serviceName: string
  /** What the family calls one service, e.g. "DNS plan" or "Dedicated server". */
  label: string
}

/** A link in a message: absolute when the app's public address is known (APP_URL). */
export function appLink(branding: Branding, path: string): string {
  return branding.appUrl ? new URL(path, branding.appUrl).toString() : path
}

/** "Dedicated server" → "dedicated server" inside a sentence; "DNS plan" keeps its acronym. */
export const inSentence = (label: string) =>
  /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label

export const servicePath = (serviceId: number) => `/services/${serviceId}`

/** "2027-07-15T10:00:00.000Z" → "July 15, 2027" (UTC, as the service's dates are). */
export function formatDay(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(iso),
  )
}

/** The call to action at the end of a message: one sentence and its link. */
export function NextStep(props: { branding: Branding; path: string; children: string }) {
  const href = appLink(props.branding, props.path)
  return (
    <Text style={paragraph}>
      <Link href={href} style={{ color: '#1d4ed8', fontWeight: 'bold' }}>
        {props.children}
      </Link>
    </Text>
  )
}
