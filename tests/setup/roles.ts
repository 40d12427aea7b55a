import postgres from 'postgres'

/**
 * The integration layer's two roles (ADR 017): the owner migrates the template, the tests'
 * code runs as the application role, so every integration test proves its grants suffice.
 * Fixed passwords: the test server is private and thrown away.
 */
export const TEST_OWNER = { name: 'skypanel_test_owner', password: 'skypanel-test-owner-pw' }
export const TEST_APP = { name: 'skypanel_test_app', password: 'skypanel-test-app-pw' }

export function asRole(url: string, role: { name: string; password: string }): string {
  const parsed = new URL(url)
  parsed.username = role.name
  parsed.password = role.password
  return parsed.toString()
}

/** Creates both login roles (neither a superuser, neither a member of the other). */
export async function ensureTestRoles(adminUrl: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    for (const role of [TEST_OWNER, TEST_APP]) {
      const [found] = await admin`select 1 from pg_roles where rolname = ${role.name}`
      const verb = found ? 'alter' : 'create'
      await admin.unsafe(
        `${verb} role "${role.name}" with login nosuperuser nocreatedb nocreaterole password '${role.password}'`,
      )
    }
  } finally {
    await admin.end()
  }
}
