import { router } from '../init.ts'

export const customCreditsRouter = router({})
