import { hostname } from 'node:os'
import { afterEach, describe, expect, it, vi } from 'vitest'

afterEach(() => {
  vi.unstubAllEnvs()
  vi.resetModules()
})

describe('log lines', () => {
  it('name the process: INSTANCE_ID when set', async () => {
    vi.stubEnv('INSTANCE_ID', 'web-7')
    const { logger } = await import('./log.ts')
    expect(logger.bindings()).toEqual({ instance: 'web-7' })
  })

  it('name the process: host name and process id otherwise', async () => {
    vi.stubEnv('INSTANCE_ID', '')
    const { logger, instanceId } = await import('./log.ts')
    expect(instanceId).toBe(`${hostname()}:${process.pid}`)
    expect(logger.child({ job: 'x' }).bindings()).toEqual({ instance: instanceId, job: 'x' })
  })
})
