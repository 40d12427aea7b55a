import { createElement, type ReactElement } from 'react'
import {
  AdminCreditAdjustment,
  adminCreditAdjustmentSubject,
  type AdminCreditAdjustmentData,
} from './admin-credit-adjustment.tsx'
import type { Branding } from './layout.tsx'
import {
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

export type { Branding } from './layout.tsx'

/** Every message the app sends, by the name stored in mail_outbox.template. */
export type MailTemplates = {
  'payment-receipt': PaymentReceiptData
  'admin-credit-adjustment': AdminCreditAdjustmentData
  'tokens-delivered': TokensDeliveryData
  'tokens-delayed': TokensDeliveryData
}
export type MailTemplate = keyof MailTemplates

type Entry<D> = {
  subject: (data: D, branding: Branding) => string
  element: (data: D, branding: Branding) => ReactElement
}

export const TEMPLATES: { [T in MailTemplate]: Entry<MailTemplates[T]> } = {
  'payment-receipt': {
    subject: paymentReceiptSubject,
    element: (data, branding) => createElement(PaymentReceipt, { data, branding }),
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

export function isMailTemplate(name: string): name is MailTemplate {
  return Object.hasOwn(TEMPLATES, name)
}
