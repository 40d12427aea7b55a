import { createElement } from 'react'
import type { TemplateEntry } from '../entry.ts'
import {
  ServiceEnded,
  serviceEndedSubject,
  ServiceRenewalFailed,
  serviceRenewalFailedSubject,
  ServiceRenewed,
  serviceRenewedSubject,
  ServiceSuspended,
  serviceSuspendedSubject,
  ServiceTerminated,
  serviceTerminatedSubject,
  type ServiceEndedData,
  type ServiceRenewalFailedData,
  type ServiceRenewedData,
  type ServiceSuspendedData,
  type ServiceTerminatedData,
} from './lifecycle-mails.tsx'
import {
  RenewalReminder,
  renewalReminderSubject,
  type RenewalReminderData,
} from './renewal-reminder.tsx'

/** The service lifecycle and renewal messages, by the name stored in mail_outbox.template. */
export type ServiceTemplates = {
  'service-renewal-reminder': RenewalReminderData
  'service-renewed': ServiceRenewedData
  'service-renewal-failed': ServiceRenewalFailedData
  'service-suspended': ServiceSuspendedData
  'service-terminated': ServiceTerminatedData
  'service-ended': ServiceEndedData
}

export const SERVICE_TEMPLATES: {
  [T in keyof ServiceTemplates]: TemplateEntry<ServiceTemplates[T]>
} = {
  'service-renewal-reminder': {
    subject: renewalReminderSubject,
    element: (data, branding) => createElement(RenewalReminder, { data, branding }),
  },
  'service-renewed': {
    subject: serviceRenewedSubject,
    element: (data, branding) => createElement(ServiceRenewed, { data, branding }),
  },
  'service-renewal-failed': {
    subject: serviceRenewalFailedSubject,
    element: (data, branding) => createElement(ServiceRenewalFailed, { data, branding }),
  },
  'service-suspended': {
    subject: serviceSuspendedSubject,
    element: (data, branding) => createElement(ServiceSuspended, { data, branding }),
  },
  'service-terminated': {
    subject: serviceTerminatedSubject,
    element: (data, branding) => createElement(ServiceTerminated, { data, branding }),
  },
  'service-ended': {
    subject: serviceEndedSubject,
    element: (data, branding) => createElement(ServiceEnded, { data, branding }),
  },
}
