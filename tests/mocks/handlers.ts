import type { RequestHandler } from 'msw'
import { paypalHandlers } from './paypal.ts'
import { virtfusionHandlers } from './virtfusion.ts'

/**
 * The fake third parties: PayPal (sandbox and live hosts) and VirtFusion at the offline
 * base URL. Served by the integration tests' msw server and by the dev server in offline
 * mode, so nothing here may import vitest.
 */
export const handlers: RequestHandler[] = [...paypalHandlers, ...virtfusionHandlers]
