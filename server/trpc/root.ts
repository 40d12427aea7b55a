import { createCallerFactory, createContext, router } from './init.ts'
import { accountRouter } from './routers/account.ts'
import { adminRouter } from './routers/admin.ts'
import { billingRouter } from './routers/billing.ts'
import { customCreditsRouter } from './routers/custom-credits.ts'
import { dnsPlansRouter } from './routers/dns-plans.ts'
import { documentsRouter } from './routers/documents.ts'
import { servicesRouter } from './routers/services.ts'

export const appRouter = router({
  billing: billingRouter,
  customCredits: customCreditsRouter,
  admin: adminRouter,
  dnsPlans: dnsPlansRouter,
  account: accountRouter,
  services: servicesRouter,
  documents: documentsRouter,
})

export type AppRouter = typeof appRouter

export const createCaller = createCallerFactory(appRouter)

/** A server-side caller acting as whoever sent `request` (for loaders and actions). */
export async function callerFor(request: Request, clientIp: string) {
  return createCaller(await createContext({ request, clientIp }))
}
