import { signWebhook } from './sign-webhook.ts'
import type { WebhookEndpoint } from './provisioners.ts'

export type WebhookOutcome = {
  /** A 2xx answer: the receiver has the event. */
  ok: boolean
  /** The HTTP status, or null when no answer came (timeout, refused, DNS). */
  status: number | null
  /** The start of the answer's body, for the admin's delivery log. */
  body: string | null
  error: string | null
  durationMs: number
}

const BODY_KEPT = 2000

/**
 * One signed POST of one event. Never throws: every outcome is something to log. Redirects are
 * not followed (a 3xx is a failed attempt), so an event and its signature never go to a host
 * other than the configured one.
 */
export async function postWebhook(
  endpoint: WebhookEndpoint,
  event: { eventId: string; body: string },
  options: { timeoutMs: number; fetch?: typeof fetch },
): Promise<WebhookOutcome> {
  // The real clock, also when the worker is given another `now`: receivers check it against theirs.
  const timestamp = Math.floor(Date.now() / 1000)
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const signal = AbortSignal.timeout(options.timeoutMs)
  try {
    const response = await (options.fetch ?? fetch)(endpoint.url, {
      method: 'POST',
      redirect: 'manual',
      signal,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'SkyPanel-Provisioning/1',
        'X-SkyPanel-Event-Id': event.eventId,
        'X-SkyPanel-Timestamp': String(timestamp),
        'X-SkyPanel-Signature': signWebhook(endpoint.secret, timestamp, event.body),
      },
      body: event.body,
    })
    const text = (await response.text()).slice(0, BODY_KEPT)
    const ok = response.status >= 200 && response.status < 300
    return {
      ok,
      status: response.status,
      body: text,
      error: ok
        ? null
        : response.status >= 300 && response.status < 400
          ? `redirect to ${response.headers.get('location') ?? '(no location)'} not followed`
          : `HTTP ${response.status}`,
      durationMs: elapsed(),
    }
  } catch (error) {
    return {
      ok: false,
      status: null,
      body: null,
      error: signal.aborted
        ? `no answer within ${options.timeoutMs / 1000} s`
        : describeFailure(error),
      durationMs: elapsed(),
    }
  }
}

/**
 * undici wraps the socket error: TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
 * a refusal before connecting (a blocked port) has only a message.
 */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const cause = error instanceof Error ? error.cause : undefined
  if (typeof cause !== 'object' || cause === null) return message
  if ('code' in cause && typeof cause.code === 'string') return `${message} (${cause.code})`
  return cause instanceof Error ? `${message}: ${cause.message}` : message
}
