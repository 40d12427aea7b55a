import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import {
  FILTER_KEYS,
  TransactionFilters,
  type FilterValues,
} from '#app/components/billing/transaction-filters.tsx'
import { TransactionsTable } from '#app/components/billing/transactions-table.tsx'
import {
  transactionDocument,
  transactionIds,
} from '#app/components/documents/transaction-documents.tsx'
import { Alert } from '#app/components/ui/alert.tsx'
import { buttonClasses } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { Pagination } from '#app/components/ui/pagination.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { readDb } from '#app/lib/db.server.ts'
import { findDocumentLinks } from '#app/lib/documents.server.ts'
import { fieldErrorsOf } from '#server/lib/validation.ts'
import { listTransactions } from '#server/services/billing/list-transactions.ts'
import {
  TRANSACTION_TYPE_LABELS,
  ZTransactionListQuery,
} from '#server/services/billing/transaction-schemas.ts'

export const meta: MetaFunction = () => [{ title: 'Transactions · SkyPANEL' }]

const PAGE_SIZE = 25

const EMPTY = {
  filtered: {
    title: 'No transactions match these filters',
    description: 'Try a wider date range or another type.',
  },
  none: {
    title: 'No transactions yet',
    description: 'Top-ups, DNS plan charges and token deliveries will be listed here.',
  },
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const params = new URL(request.url).searchParams
  const values: FilterValues = {}
  for (const key of FILTER_KEYS) {
    const value = params.get(key)
    if (value) values[key] = value
  }
  const parsed = ZTransactionListQuery.safeParse({
    ...values,
    page: params.get('page') ?? undefined,
    limit: PAGE_SIZE,
  })
  // Bad filters keep the table: every problem is shown at its field, beside the unfiltered list.
  const errors = parsed.success ? null : fieldErrorsOf(parsed.error)
  const query = parsed.success ? parsed.data : ZTransactionListQuery.parse({ limit: PAGE_SIZE })
  const history = await listTransactions(readDb, user.id, query)
  const documents = await findDocumentLinks(readDb, user.id, {
    ...transactionIds(history.items),
    serviceChargeIds: [],
  })
  const csvParams = new URLSearchParams(parsed.success ? values : {})
  return json({
    values,
    errors,
    history,
    documents,
    filtered:
      parsed.success && Object.entries(values).some(([k, v]) => k !== 'balance' || v !== 'all'),
    csvHref: `/api/billing/transactions.csv${csvParams.size > 0 ? `?${csvParams.toString()}` : ''}`,
    typeOptions: Object.entries(TRANSACTION_TYPE_LABELS),
  })
}

export default function TransactionsPage() {
  const { values, errors, history, documents, filtered, csvHref, typeOptions } =
    useLoaderData<typeof loader>()
  const { page, pageCount, totalCount, totalIsExact } = history.pagination
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Transactions</h1>
        <p className="mt-1 text-sm text-slate-600">
          Custom credits and VirtFusion tokens in one history, newest first.
        </p>
      </div>
      <Card>
        <TransactionFilters
          values={values}
          errors={errors}
          typeOptions={typeOptions}
          csvHref={csvHref}
        />
      </Card>
      {errors ? (
        <Alert tone="warning" title="Some filters need fixing" data-testid="filter-problems">
          {errors._ ? `${errors._.join(' ')} ` : null}
          Until they are fixed, all your transactions are shown.
        </Alert>
      ) : null}
      {totalCount === 0 ? (
        <EmptyState
          {...(filtered ? EMPTY.filtered : EMPTY.none)}
          action={
            <Link
              to={filtered ? '/transactions' : '/billing'}
              className={buttonClasses({ variant: 'secondary' })}
            >
              {filtered ? 'Clear filters' : 'Add funds'}
            </Link>
          }
        />
      ) : (
        <Card className="space-y-3 p-0 pb-3">
          <TransactionsTable items={history.items} documentFor={transactionDocument(documents)} />
          <p className="px-4 text-sm text-slate-600" data-testid="transactions-total">
            {totalCount.toLocaleString('en-US')}
            {totalIsExact ? '' : '+'} {totalCount === 1 ? 'entry' : 'entries'}
          </p>
          <Pagination
            page={page}
            pageCount={pageCount}
            label="Transaction pages"
            className="px-4"
          />
        </Card>
      )}
    </div>
  )
}
