import type { ActionFunctionArgs } from '@remix-run/node'
import { handleRest, parseInput, readJsonBody, requireApiAdmin } from '#app/lib/rest.server.ts'
import { setSimulatedVirtFusionOutage, ZOutageInput } from '#app/lib/offline.server.ts'

/** Offline mode only (404 otherwise): `{ "on": true | false }` takes the simulated panel down or up; admins only. */
export function action({ request }: ActionFunctionArgs) {
  return handleRest(async () => {
    await requireApiAdmin(request)
    const { on } = parseInput(ZOutageInput, await readJsonBody(request))
    return setSimulatedVirtFusionOutage(on)
  })
}
