import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { serveRemix } from './remix-app.ts'

/**
 * The given API route modules served through the same Express bridge as server/main.ts on a
 * loopback port, for `npm run cli` to call. Paths are Remix route paths, e.g.
 * `api/documents/:documentId.pdf` (what `api.documents.$documentId[.]pdf.ts` declares).
 */
export function serveApiRoutes(routes: Array<{ path: string; module: object }>) {
  return serveRemix(
    [
      { id: 'root', path: '', module: {} },
      ...routes.map((route) => ({
        id: `routes/${route.path}`,
        parentId: 'root',
        path: route.path,
        module: route.module,
      })),
    ],
    { default: () => new Response('not a page', { status: 404 }) },
  )
}

export type CliResult = { code: number; stdout: string; stderr: string }

/** `npm run cli -- …args` as a child process against `url` with the API token `token`. */
export async function runCli(
  args: string[],
  { url, token }: { url: string; token: string },
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/cli.ts', ...args],
      { env: { ...process.env, API_URL: url, API_TOKEN: token }, timeout: 60_000 },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}
