import { formatTokens } from '#app/lib/format.ts'
import type { RouterOutputs } from '#app/lib/trpc.ts'

export type TopupPage = RouterOutputs['admin']['payments']['list']
export type Topup = TopupPage['items'][number]
export type TopupStatus = Topup['status']

type Tone = 'slate' | 'green' | 'red' | 'indigo' | 'amber'

const STATUS_TONES: Record<TopupStatus, Tone> = {
  created: 'slate',
  capturing: 'indigo',
  pending: 'indigo',
  captured: 'indigo',
  delivering: 'indigo',
  completed: 'green',
  review: 'red',
  flagged: 'red',
  failed: 'slate',
  refunded: 'amber',
  reversed: 'amber',
}

export function topupStatusTone(status: TopupStatus): Tone {
  return STATUS_TONES[status]
}

export const PURPOSE_LABELS: Record<Topup['purpose'], string> = {
  custom_credits: 'Custom credits',
  virtfusion_tokens: 'VirtFusion tokens',
}

/** Statuses retryTopup accepts: review/captured redeliver, the others re-check with PayPal. */
export const REDELIVER: ReadonlySet<TopupStatus> = new Set(['review', 'captured'])
export const RECHECK: ReadonlySet<TopupStatus> = new Set(['capturing', 'pending', 'created'])

/** What a retry led to, in words, given what it was retrying. */
export function retryOutcome(
  topup: Topup,
  status: TopupStatus,
): { tone: 'success' | 'warning' | 'error'; title: string; description: string } {
  const title = `Top-up #${topup.id}: ${status}`
  if (status === 'completed') {
    return {
      tone: 'success',
      title,
      description:
        topup.purpose === 'virtfusion_tokens'
          ? `${formatTokens(topup.tokens ?? 0)} were delivered to VirtFusion.`
          : 'PayPal confirmed the payment; the credits were posted.',
    }
  }
  if (status === 'refunded' || status === 'reversed') {
    return { tone: 'success', title, description: 'Closed as refunded: nothing was delivered.' }
  }
  if (REDELIVER.has(topup.status)) {
    const descriptions: Partial<Record<TopupStatus, string>> = {
      captured:
        'VirtFusion could not be reached; the delivery will be retried automatically. See the last delivery error in the list.',
      delivering: 'The delivery is still in progress.',
      review: 'VirtFusion did not confirm the delivery; the top-up is back in review.',
    }
    return {
      tone: 'warning',
      title,
      description: descriptions[status] ?? `The top-up is now ${status}.`,
    }
  }
  const descriptions: Partial<Record<TopupStatus, string>> = {
    captured: 'PayPal confirmed the payment; the tokens are queued for delivery.',
    delivering: 'PayPal confirmed the payment; the tokens are being delivered.',
    pending: 'PayPal still reports the payment as pending.',
    created: 'PayPal has no capture for this order yet (the buyer may not have approved it).',
    capturing: 'Another request is still capturing this order.',
    failed: 'PayPal reports the order as not paid; the top-up is marked failed.',
    flagged: "PayPal's answer does not match our record; the top-up is flagged.",
  }
  return {
    tone: status === 'captured' || status === 'delivering' ? 'success' : 'warning',
    title,
    description: descriptions[status] ?? `The top-up is now ${status}.`,
  }
}
