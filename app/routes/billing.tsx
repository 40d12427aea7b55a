import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useSearchParams, type ShouldRevalidateFunction } from '@remix-run/react'
import { Suspense, useEffect, useState } from 'react'
import { LiveBalanceCards } from '#app/components/billing/balance-cards.tsx'
import { TokensPayPalCheckout } from '#app/components/billing/topup-checkouts.tsx'
import { useBranding } from '#app/components/layout/use-branding.ts'
import { Spinner } from '#app/components/ui/spinner.tsx'
import { Tabs, TabsContent, TabsList, TabsTrigger } from '#app/components/ui/tabs.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { readDb } from '#app/lib/db.server.ts'
import { lazyChunk } from '#app/lib/lazy-chunk.server.ts'
import { parseDecimalToCents } from '#app/lib/money.ts'
import { preloadable } from '#app/lib/preloadable.tsx'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { statementMonths } from '#app/lib/statement-months.server.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: 'Billing · SkyPANEL' },
  ...(data?.preload ? [{ tagName: 'link', rel: 'modulepreload', href: data.preload }] : []),
]
export { BillingErrorBoundary as ErrorBoundary } from '#app/components/billing/billing-error-boundary.tsx'

const TABS = [
  { value: 'tokens', label: 'VirtFusion Tokens' },
  { value: 'credits', label: 'Custom Credits' },
] as const
type Tab = (typeof TABS)[number]['value']

function tabOf(value: string | null): Tab {
  return TABS.some((t) => t.value === value) ? (value as Tab) : 'tokens'
}

// The credits tab (history table, statements, document links) is its own chunk: the default
// tab is the tokens one. It is fetched ahead when its tab is pointed at or focused, and a page
// opening on it hydrates only once it is here (a click on it right after load must not be lost).
const CreditsTab = preloadable(
  async () => (await import('#app/components/billing/credits-tab.tsx')).CreditsTab,
)
if (
  typeof window !== 'undefined' &&
  tabOf(new URL(window.location.href).searchParams.get('tab')) === 'credits'
)
  CreditsTab.preloadBeforeHydration()

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const url = new URL(request.url)
  // The history of both balances has its own page now; old links keep working.
  if (url.searchParams.get('tab') === 'transactions') throw redirect('/transactions')
  const caller = await serverCaller(request, context)
  const [balance, recent, months] = await Promise.all([
    callOrThrow(request, () => caller.billing.balance()),
    callOrThrow(request, () => caller.customCredits.transactions({ limit: 5 })),
    statementMonths(readDb, { userId: user.id }),
  ])
  // A top-up link can prefill the amount (e.g. the shortfall of a failed renewal).
  const prefill = parseDecimalToCents(url.searchParams.get('amount') ?? '')
  const tab = tabOf(url.searchParams.get('tab'))
  return json({
    tab,
    // Opening on the credits tab: its chunk comes with the route's modules (see CreditsTab).
    preload: tab === 'credits' ? lazyChunk('routes/billing', 'credits-tab') : null,
    balance,
    recent,
    prefillCents: prefill.ok && prefill.cents > 0 ? prefill.cents : null,
    // The picker's months by the server's clock (UTC), never the browser's.
    statementMonths: months!,
  })
}

/** Switching tabs only rewrites ?tab=; the data does not change, so the loader need not rerun. */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  formMethod,
  defaultShouldRevalidate,
}) => {
  if (formMethod && formMethod !== 'GET') return defaultShouldRevalidate
  const strip = (url: URL) => {
    const params = new URLSearchParams(url.search)
    params.delete('tab')
    return `${url.pathname}?${params.toString()}`
  }
  return strip(currentUrl) === strip(nextUrl) ? false : defaultShouldRevalidate
}

export default function BillingPage() {
  const data = useLoaderData<typeof loader>()
  const [, setSearchParams] = useSearchParams()
  const [tab, setTab] = useState<Tab>(data.tab)
  useEffect(() => setTab(data.tab), [data.tab])
  const branding = useBranding()

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Billing</h1>
      <LiveBalanceCards initial={data.balance} />
      <Tabs
        value={tab}
        onValueChange={(value) => {
          // Switch at once; the URL follows so the tab survives a reload or a shared link.
          setTab(tabOf(value))
          setSearchParams(
            (previous) => {
              previous.set('tab', value)
              return previous
            },
            { preventScrollReset: true, replace: true },
          )
        }}
      >
        <TabsList aria-label="Billing sections">
          {TABS.map((tab) => (
            <TabsTrigger
              key={tab.value}
              value={tab.value}
              {...(tab.value === 'credits' && {
                onPointerEnter: () => void CreditsTab.preload(),
                onFocus: () => void CreditsTab.preload(),
              })}
            >
              {tab.value === 'credits' ? branding.creditsDisplayName : tab.label}
            </TabsTrigger>
          ))}
        </TabsList>

        <TabsContent value="tokens" className="space-y-4 pt-6">
          <p className="text-sm text-slate-600">
            Tokens pay for VPS usage and live in your VirtFusion account (100 tokens = $1). They are
            delivered to VirtFusion as soon as PayPal confirms the payment.
          </p>
          <TokensPayPalCheckout />
        </TabsContent>

        <TabsContent value="credits" className="space-y-4 pt-6">
          <Suspense
            fallback={
              <p role="status" className="flex items-center gap-2 text-sm text-slate-600">
                <Spinner />
                Loading {branding.creditsDisplayName}…
              </p>
            }
          >
            <CreditsTab
              initialRecent={data.recent}
              prefillCents={data.prefillCents}
              statementMonths={data.statementMonths}
            />
          </Suspense>
        </TabsContent>
      </Tabs>
    </div>
  )
}
