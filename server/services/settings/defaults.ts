/**
 * What a setting is when nobody has set it (its app_settings column is NULL or there is no
 * row). Browser-safe: the admin form shows them as placeholders.
 */
export const SETTINGS_DEFAULTS = {
  companyAddress: '',
  /** The name the pages always used for the local wallet. */
  creditsDisplayName: 'Custom credits',
  /** 1 credit = $1 (README): the symbol goes before the amount, like formatMoney's "$". */
  creditsSymbol: '$',
  lowBalanceDefaultCents: 500,
} as const
