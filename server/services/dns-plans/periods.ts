// The DNS plans' periods are the services engine's monthly cycle.
export { addBillingMonth, firstPeriod, prorateUpgrade } from '../services/periods.ts'
