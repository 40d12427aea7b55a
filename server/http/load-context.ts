import type { AppLoadContext } from '@remix-run/node'

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** The caller's IP as the HTTP server saw it (honouring TRUST_PROXY). */
    clientIp: string
  }
}

export function clientIpOf(context: AppLoadContext | undefined): string {
  return context?.clientIp ?? 'unknown'
}
