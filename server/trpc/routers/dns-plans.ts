import { router } from '../init.ts'

export const dnsPlansRouter = router({})
