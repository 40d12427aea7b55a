import { createElement } from 'react'
import type { TemplateEntry } from '../entry.ts'
import { LowBalance, lowBalanceSubject, type LowBalanceData } from './low-balance.tsx'
import { RefundApplied, refundAppliedSubject, type RefundAppliedData } from './refund-applied.tsx'
import {
  ApiTokenCreated,
  apiTokenCreatedSubject,
  EmailChanged,
  emailChangedSubject,
  PasswordChanged,
  passwordChangedSubject,
  type ApiTokenCreatedData,
  type EmailChangedData,
  type PasswordChangedData,
} from './security.tsx'

/** The security, balance and preference messages, by the name stored in mail_outbox.template. */
export type AccountTemplates = {
  'low-balance': LowBalanceData
  'refund-applied': RefundAppliedData
  'api-token-created': ApiTokenCreatedData
  'password-changed': PasswordChangedData
  'email-changed': EmailChangedData
}

export const ACCOUNT_TEMPLATES: {
  [T in keyof AccountTemplates]: TemplateEntry<AccountTemplates[T]>
} = {
  'low-balance': {
    subject: lowBalanceSubject,
    element: (data, branding) => createElement(LowBalance, { data, branding }),
  },
  'refund-applied': {
    subject: refundAppliedSubject,
    element: (data, branding) => createElement(RefundApplied, { data, branding }),
  },
  'api-token-created': {
    subject: apiTokenCreatedSubject,
    element: (data, branding) => createElement(ApiTokenCreated, { data, branding }),
  },
  'password-changed': {
    subject: passwordChangedSubject,
    element: (data, branding) => createElement(PasswordChanged, { data, branding }),
  },
  'email-changed': {
    subject: emailChangedSubject,
    element: (data, branding) => createElement(EmailChanged, { data, branding }),
  },
}
