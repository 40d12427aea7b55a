import { useId, useState } from 'react'
import { creditsInText, useBranding } from '#app/components/layout/use-branding.ts'
import { buttonClasses } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { SelectField } from '#app/components/ui/field.tsx'
import { downloadHref } from './document-download.tsx'
import { monthLabel, monthsBetween } from './months.ts'

/**
 * "Statements": pick a UTC month (from the account's first to the current one) and download
 * its custom-credit statement. The link is a real link to the PDF; choosing a month only
 * changes where it points.
 */
export function StatementPicker({
  first,
  last,
  adminUserId,
}: {
  first: string
  last: string
  adminUserId?: number
}) {
  const months = monthsBetween(first, last)
  const [month, setMonth] = useState(months[0]!)
  const headingId = useId()
  return (
    <Card className="space-y-3" aria-labelledby={headingId} role="region">
      <h2 id={headingId} className="font-semibold">
        Statements
      </h2>
      <p className="text-sm text-slate-600">
        A monthly statement of {creditsInText(useBranding())} (UTC months): the opening balance,
        every entry and the closing balance.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <SelectField
          label="Month"
          name="month"
          value={month}
          onChange={(event) => setMonth(event.currentTarget.value)}
          className="w-full max-w-[14rem]"
        >
          {months.map((value) => (
            <option key={value} value={value}>
              {monthLabel(value)}
            </option>
          ))}
        </SelectField>
        <a
          href={downloadHref(`statements/${month}.pdf`, adminUserId)}
          download
          className={buttonClasses({ variant: 'secondary' })}
          data-testid="statement-download"
        >
          Download {monthLabel(month)} (PDF)
        </a>
      </div>
    </Card>
  )
}
