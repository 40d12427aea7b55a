import { setupServer } from 'msw/node'
import { handlers } from './handlers.ts'

/** The fake third parties for integration tests (the same handlers serve offline dev mode). */
export const mockServer = setupServer(...handlers)
