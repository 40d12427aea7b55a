import { db } from '#app/lib/db.server.ts'
import { json } from '#app/lib/rest.server.ts'
import { checkReadiness } from '#app/lib/ops.server.ts'

/** GET /readyz: 200 when the database answers, migrations are current and the job queue runs; 503 otherwise. */
export async function loader() {
  const readiness = await checkReadiness(db)
  return json(readiness, { status: readiness.ready ? 200 : 503 })
}
