import type { LoaderFunctionArgs } from '@remix-run/node'
import { db } from '#app/lib/db.server.ts'
import { getSettings } from '#app/lib/settings.server.ts'

/**
 * GET /branding/logo: the logo an admin uploaded, for the pages' header and for mail (which
 * link it by absolute URL). Public, like any site's logo. Asked for with the current hash
 * (`?v=`, see logoPath) it may be cached for good; otherwise only briefly.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { logo } = await getSettings(db)
  if (!logo)
    return new Response('No logo', { status: 404, headers: { 'Cache-Control': 'no-store' } })
  const asked = new URL(request.url).searchParams.get('v')
  const current = asked !== null && logo.sha256.startsWith(asked) && asked.length >= 16
  return new Response(new Uint8Array(logo.bytes), {
    headers: {
      'Content-Type': logo.contentType,
      'Content-Length': String(logo.bytes.length),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': current ? 'public, max-age=31536000, immutable' : 'public, max-age=60',
    },
  })
}
