import { UserCell } from '#app/components/admin/user-cell.tsx'
import { Badge } from '#app/components/ui/badge.tsx'
import { EmptyState } from '#app/components/ui/empty-state.tsx'
import { DataTable, TD, TH, TR } from '#app/components/ui/table.tsx'
import type { RouterOutputs, Wire } from '#app/lib/trpc.ts'
import { LocalTime } from '#app/components/ui/local-time.tsx'
import { formatTokens } from '#app/lib/format.ts'

type UserRow = Wire<RouterOutputs['admin']['users']['list']['items'][number]>

/**
 * VirtFusion tokens as last reported, with when (ADR 022: the list never calls VirtFusion; the
 * user's Tokens tab reads the live balance).
 */
function TokensCell({ user }: { user: UserRow }) {
  if (!user.virtfusionUserId) return <span className="text-slate-600">not linked</span>
  if (!user.tokens) return <span className="text-slate-600">not read yet</span>
  return (
    <>
      <span className="tabular-nums">{formatTokens(user.tokens.count)}</span>
      <span className="block text-xs text-slate-600">
        as of <LocalTime value={user.tokens.fetchedAt} />
      </span>
    </>
  )
}

/** The users of one page with both balances; scrolls inside its own region on phones. */
export function UsersTable({ users }: { users: UserRow[] }) {
  if (users.length === 0) return <EmptyState title="No users match" />
  return (
    <DataTable
      label="Users"
      className="relative bg-white shadow-sm ring-1 ring-slate-200"
      head={
        <>
          <TH>Name / email</TH>
          <TH>Role</TH>
          <TH>Status</TH>
          <TH className="text-right">Custom credits</TH>
          <TH className="text-right">VirtFusion tokens</TH>
        </>
      }
    >
      {users.map((user) => (
        <TR key={user.id}>
          <UserCell user={user} />
          <TD>
            <Badge tone={user.role === 'admin' ? 'indigo' : 'slate'}>{user.role}</Badge>
          </TD>
          <TD>
            <Badge tone={user.isActive ? 'green' : 'red'}>
              {user.isActive ? 'active' : 'inactive'}
            </Badge>
          </TD>
          <TD
            className={
              user.credits.cents < 0
                ? 'whitespace-nowrap text-right tabular-nums text-rose-700'
                : 'whitespace-nowrap text-right tabular-nums'
            }
          >
            {user.credits.formatted}
          </TD>
          <TD className="whitespace-nowrap text-right">
            <TokensCell user={user} />
          </TD>
        </TR>
      ))}
    </DataTable>
  )
}
