// Services the routes call directly (REST adapters, CSV export); tRPC uses the same ones.
export { getBillingBalance } from '#server/services/billing/get-billing-balance.ts'
export { getCreditBalance } from '#server/services/credits/get-credit-balance.ts'
export { adjustCreditsByAdmin } from '#server/services/credits/adjust-credits-by-admin.ts'
export { getAdminCreditOverview } from '#server/services/credits/get-admin-credit-overview.ts'
export { exportCreditTransactionsCsv } from '#server/services/credits/export-credit-transactions-csv.ts'
export { listCreditTransactions } from '#server/services/credits/list-credit-transactions.ts'
export {
  searchParamsToObject,
  ZAdminAdjustmentBody,
  ZTransactionsQuery,
} from '#server/services/credits/schemas.ts'
export { ZUserId } from '#server/services/users/schemas.ts'
export {
  addTokensByAdmin,
  getAdminVirtFusionOverview,
} from '#server/services/virtfusion/admin-tokens.ts'
export { ZAdminTokenGrantBody } from '#server/services/virtfusion/schemas.ts'
export { getProviders } from '#server/integrations/providers.ts'
export { handlePayPalWebhook } from '#server/services/payments/handle-paypal-webhook.ts'
export { cancelPlan, changePlan, resumePlan } from '#server/services/dns-plans/change-plan.ts'
export { purchasePlan } from '#server/services/dns-plans/purchase-plan.ts'
export { getMySubscription, getPlanLimits, listPlans } from '#server/services/dns-plans/queries.ts'
export { ZChangePlanInput, ZPurchasePlanInput } from '#server/services/dns-plans/schemas.ts'
export { requestJob } from '#server/jobs/requests.ts'
