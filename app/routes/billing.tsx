import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import {
  Link,
  useLoaderData,
  useSearchParams,
  type ShouldRevalidateFunction,
} from '@remix-run/react'
import { useEffect, useState } from 'react'
import * as Tabs from '@radix-ui/react-tabs'
import { useQuery } from '@tanstack/react-query'
import { TRPCError } from '@trpc/server'
import { BalanceCards } from '#app/components/billing/balance-cards.tsx'
import {
  CustomCreditsPayPalCheckout,
  TokensPayPalCheckout,
} from '#app/components/billing/topup-checkouts.tsx'
import { TokenActivity } from '#app/components/billing/token-activity.tsx'
import { FILTER_KEYS, TransactionFilters } from '#app/components/billing/transaction-filters.tsx'
import { TransactionsTable } from '#app/components/billing/transactions-table.tsx'
import { Alert, Card } from '#app/components/ui/card.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { callOrThrow, serverCaller } from '#app/lib/trpc.server.ts'
import { useTRPC } from '#app/lib/trpc.ts'
import { cn } from '#app/lib/utils.ts'
import { parseDecimalToCents } from '#app/lib/money.ts'

export const meta: MetaFunction = () => [{ title: 'Billing · SkyPANEL' }]

const TABS = [
  { value: 'tokens', label: 'VirtFusion Tokens' },
  { value: 'credits', label: 'Custom Credits' },
  { value: 'transactions', label: 'Transactions' },
] as const
type Tab = (typeof TABS)[number]['value']
const PAGE_SIZE = 25

function tabOf(value: string | null): Tab {
  return TABS.some((t) => t.value === value) ? (value as Tab) : 'tokens'
}

/** The history filters exactly as the URL carries them (the procedure validates them). */
function filtersOf(params: URLSearchParams) {
  const filters: Partial<Record<(typeof FILTER_KEYS)[number], string>> = {}
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim()
    if (value) filters[key] = value
  }
  const page = Number(params.get('page'))
  return { filters, page: Number.isSafeInteger(page) && page > 0 ? page : 1 }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request)
  const url = new URL(request.url)
  const { filters, page } = filtersOf(url.searchParams)
  const caller = await serverCaller(request, context)
  const [balance, recent] = await Promise.all([
    callOrThrow(request, () => caller.billing.balance()),
    callOrThrow(request, () => caller.customCredits.transactions({ limit: 5 })),
  ])
  let history = null
  let filterErrors: Record<string, string[]> | null = null
  try {
    history = await caller.customCredits.transactions({ ...filters, page, limit: PAGE_SIZE })
  } catch (error) {
    if (!(error instanceof TRPCError) || error.code !== 'BAD_REQUEST') throw error
    const cause = error.cause as { fields?: Record<string, string[]> } | undefined
    filterErrors = cause?.fields ?? { _: [error.message] }
  }
  // A top-up link can prefill the amount (e.g. the shortfall of a failed renewal).
  const prefill = parseDecimalToCents(url.searchParams.get('amount') ?? '')
  const prefillCents = prefill.ok && prefill.cents > 0 ? prefill.cents : null
  return json({
    tab: tabOf(url.searchParams.get('tab')),
    balance,
    recent,
    history,
    filters,
    page,
    filterErrors,
    prefillCents,
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
  const trpc = useTRPC()
  const live = { refetchInterval: 15_000, refetchOnWindowFocus: true } as const

  // The loader renders the page; these keep it current without a reload.
  const balance = useQuery({ ...trpc.billing.balance.queryOptions(), ...live }).data ?? data.balance
  const recent =
    useQuery({ ...trpc.customCredits.transactions.queryOptions({ limit: 5 }), ...live }).data ??
    data.recent
  const historyQuery = useQuery({
    ...trpc.customCredits.transactions.queryOptions({
      ...data.filters,
      page: data.page,
      limit: PAGE_SIZE,
    }),
    ...live,
    enabled: data.history !== null,
  })
  const history = historyQuery.data ?? data.history

  const csvParams = new URLSearchParams(data.filters)
  const pageHref = (page: number) =>
    `?${new URLSearchParams({ tab: 'transactions', ...data.filters, page: String(page) }).toString()}`

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Billing</h1>
      <BalanceCards balance={balance} />
      <Tabs.Root
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
        <Tabs.List aria-label="Billing sections" className="flex gap-1 border-b border-slate-200">
          {TABS.map((tab) => (
            <Tabs.Trigger
              key={tab.value}
              value={tab.value}
              className={cn(
                '-mb-px border-b-2 px-3 py-2 text-sm font-medium',
                'data-[state=active]:border-indigo-600 data-[state=active]:text-indigo-700',
                'data-[state=inactive]:border-transparent data-[state=inactive]:text-slate-600',
              )}
            >
              {tab.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>

        <Tabs.Content value="tokens" className="space-y-4 pt-6">
          <p className="text-sm text-slate-600">
            Tokens pay for VPS usage and live in your VirtFusion account (100 tokens = $1). They are
            delivered to VirtFusion as soon as PayPal confirms the payment.
          </p>
          <TokensPayPalCheckout />
        </Tabs.Content>

        <Tabs.Content value="credits" className="space-y-4 pt-6">
          <p className="text-sm text-slate-600">
            Custom credits pay for DNS plans, dedicated servers and other services (1 credit = $1).
          </p>
          <CustomCreditsPayPalCheckout initialCents={data.prefillCents} />
          <Card className="p-0">
            <div className="flex items-center justify-between px-4 pt-4">
              <h3 className="font-semibold">Recent activity</h3>
              <Link to="?tab=transactions" className="text-sm font-semibold text-indigo-600">
                All transactions →
              </Link>
            </div>
            <TransactionsTable items={recent.items} />
          </Card>
        </Tabs.Content>

        <Tabs.Content value="transactions" className="space-y-4 pt-6">
          <Card>
            <TransactionFilters
              values={data.filters}
              errors={data.filterErrors}
              csvHref={`/api/billing/custom-credits/transactions.csv?${csvParams.toString()}`}
            />
          </Card>
          {data.filterErrors?._ ? <Alert>{data.filterErrors._.join(' ')}</Alert> : null}
          {history ? (
            <Card className="p-0">
              <TransactionsTable
                items={history.items}
                emptyText="No transactions match these filters."
              />
              {history.pagination && history.pagination.pageCount > 1 ? (
                <nav
                  aria-label="Pages"
                  className="flex items-center justify-between border-t border-slate-100 px-4 py-3 text-sm"
                >
                  {history.pagination.page > 1 ? (
                    <Link to={pageHref(history.pagination.page - 1)}>← Previous</Link>
                  ) : (
                    <span />
                  )}
                  <span className="text-slate-600">
                    Page {history.pagination.page} of {history.pagination.pageCount} (
                    {history.pagination.totalCount.toLocaleString('en-US')}
                    {history.pagination.totalIsExact ? '' : '+'} entries)
                  </span>
                  {history.pagination.page < history.pagination.pageCount ? (
                    <Link to={pageHref(history.pagination.page + 1)}>Next →</Link>
                  ) : (
                    <span />
                  )}
                </nav>
              ) : null}
            </Card>
          ) : null}
          <TokenActivity />
        </Tabs.Content>
      </Tabs.Root>
    </div>
  )
}
