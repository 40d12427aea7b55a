import { Link, Text } from '../components.ts'

const small = { color: '#475569', fontSize: '12px', lineHeight: '18px' }

/**
 * For messages of an optional category: the delivery job puts the signed one-click link in
 * the data (`unsubscribeUrl`) when it renders them (ADR 026 addendum). Absent: no footer.
 */
export function UnsubscribeFooter(props: { url?: string | null; what: string }) {
  if (!props.url) return null
  return (
    <Text style={small}>
      You get this because {props.what} mail is on in your email settings.{' '}
      <Link href={props.url}>Unsubscribe from these messages</Link>.
    </Text>
  )
}
