import { createElement } from 'react'
import {
  AdminCreditAdjustment,
  adminCreditAdjustmentSubject,
  type AdminCreditAdjustmentData,
} from './admin-credit-adjustment.tsx'
import {
  loadPaymentReceipt,
  PaymentReceipt,
  paymentReceiptSubject,
  type PaymentReceiptData,
} from './payment-receipt.tsx'
import {
  TokensDelayed,
  tokensDelayedSubject,
  TokensDelivered,
  tokensDeliveredSubject,
  type TokensDeliveryData,
} from './tokens-delivery.tsx'

import { ACCOUNT_TEMPLATES, type AccountTemplates } from './account/index.ts'
import type { TemplateEntry } from './entry.ts'
import { SERVICE_TEMPLATES, type ServiceTemplates } from './services/index.ts'

export type { Branding } from './layout.tsx'

type CoreTemplates = {
  'payment-receipt': PaymentReceiptData
  'admin-credit-adjustment': AdminCreditAdjustmentData
  'tokens-delivered': TokensDeliveryData
  'tokens-delayed': TokensDeliveryData
}

/** Every message the app sends, by the name stored in mail_outbox.template. */
export type MailTemplates = CoreTemplates & ServiceTemplates & AccountTemplates
export type MailTemplate = keyof MailTemplates

const CORE_TEMPLATES: { [T in keyof CoreTemplates]: TemplateEntry<CoreTemplates[T]> } = {
  'payment-receipt': {
    subject: paymentReceiptSubject,
    element: (data, branding) => createElement(PaymentReceipt, { data, branding }),
    load: loadPaymentReceipt,
  },
  'admin-credit-adjustment': {
    subject: adminCreditAdjustmentSubject,
    element: (data, branding) => createElement(AdminCreditAdjustment, { data, branding }),
  },
  'tokens-delivered': {
    subject: tokensDeliveredSubject,
    element: (data, branding) => createElement(TokensDelivered, { data, branding }),
  },
  'tokens-delayed': {
    subject: tokensDelayedSubject,
    element: (data, branding) => createElement(TokensDelayed, { data, branding }),
  },
}

export const TEMPLATES: { [T in MailTemplate]: TemplateEntry<MailTemplates[T]> } = {
  ...CORE_TEMPLATES,
  ...SERVICE_TEMPLATES,
  ...ACCOUNT_TEMPLATES,
}

export function isMailTemplate(name: string): name is MailTemplate {
  return Object.hasOwn(TEMPLATES, name)
}
