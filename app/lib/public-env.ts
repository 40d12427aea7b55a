import { useRouteLoaderData } from '@remix-run/react'

/** The only configuration the browser sees (set by the root loader from server/env.ts). */
export type PublicEnv = {
  paypal: { clientId: string | null; environment: 'sandbox' | 'live'; simulated: boolean }
  purchaseMinCents: number
  purchaseMaxCents: number
  adjustmentMinCents: number
  adjustmentMaxCents: number
}

export function usePublicEnv(): PublicEnv {
  const data = useRouteLoaderData<{ env?: PublicEnv }>('root')
  if (!data?.env) throw new Error('usePublicEnv() needs the root loader data')
  return data.env
}
