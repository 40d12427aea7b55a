import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

export const BASE_URL = 'http://localhost:3000'

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown

/** Calls a Remix loader or action the way the server would and returns the Response. */
export async function invoke(
  handler: Handler,
  path: string,
  init: RequestInit & { cookie?: string; params?: Record<string, string>; ip?: string } = {},
): Promise<Response> {
  const headers = new Headers(init.headers)
  if (init.cookie) headers.set('Cookie', init.cookie)
  const request = new Request(`${BASE_URL}${path}`, { ...init, headers })
  try {
    const result: unknown = await handler({
      request,
      params: init.params ?? {},
      context: { clientIp: init.ip ?? '127.0.0.1' },
    })
    if (result instanceof Response) return result
    return new Response(JSON.stringify(result ?? null), { status: 200 })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

export function form(fields: Record<string, string>): RequestInit {
  return { method: 'POST', body: new URLSearchParams(fields) }
}

export function jsonBody(body: unknown, method = 'POST'): RequestInit {
  return { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }
}

/** The session cookie a response sets, as a Cookie header value. */
export function cookieFrom(response: Response): string | undefined {
  return response.headers.get('Set-Cookie')?.split(';')[0]
}
