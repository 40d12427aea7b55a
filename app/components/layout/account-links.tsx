import { Form, Link } from '@remix-run/react'
import { cn } from '#app/lib/utils.ts'

const ITEM =
  'block w-full rounded-md px-3 py-2 text-left text-sm font-medium text-slate-700 hover:bg-slate-100'

/** Account settings, API tokens and Log out: the user menu's and the phone menu's last group. */
export function AccountLinks({ className }: { className?: string }) {
  return (
    <ul className={cn('space-y-1', className)}>
      <li>
        <Link to="/settings/account" className={ITEM}>
          Account settings
        </Link>
      </li>
      <li>
        <Link to="/settings/tokens" className={ITEM}>
          API tokens
        </Link>
      </li>
      <li>
        <Form method="post" action="/logout">
          <button type="submit" className={ITEM}>
            Log out
          </button>
        </Form>
      </li>
    </ul>
  )
}
