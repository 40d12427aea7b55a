import type { MetaDescriptor } from '@remix-run/node'

type Match = { id: string; data: unknown }

/** "<tab> · <user name> · Admin · SkyPANEL", the name from the user layout's loader. */
export function userTabMeta(matches: readonly Match[], tab: string): MetaDescriptor[] {
  const layout = matches.find((match) => match.id === 'routes/admin.users.$userId')
  const name = (layout?.data as { user?: { name?: string } } | undefined)?.user?.name
  return [{ title: [tab, name, 'Admin', 'SkyPANEL'].filter(Boolean).join(' · ') }]
}
