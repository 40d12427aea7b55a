import { Link } from '@remix-run/react'
import type { ComponentProps } from 'react'
import { TD } from '#app/components/ui/table.tsx'

/** A table cell naming a user: the name links to their admin page, the email below it. */
export function UserCell({
  user,
  ...props
}: Omit<ComponentProps<typeof TD>, 'children'> & {
  user: { id: number; name: string; email: string }
}) {
  return (
    <TD {...props}>
      <Link to={`/admin/users/${user.id}`} className="font-medium text-indigo-700 hover:underline">
        {user.name}
      </Link>
      <div className="break-all text-xs text-slate-600">{user.email}</div>
    </TD>
  )
}
