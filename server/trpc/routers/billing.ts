import { router } from '../init.ts'

export const billingRouter = router({})
