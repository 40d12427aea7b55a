import { describe, expect, it } from 'vitest'
import { db } from '#db/client.ts'
import {
  listNotifications,
  markNotificationsRead,
  notify,
} from '#server/services/notifications/notify.ts'
import { createTestUser } from '#tests/helpers/users.ts'

describe('notifications', () => {
  it('dedupes by key, counts unread, and marks chosen ones or all as read (own only)', async () => {
    const user = await createTestUser()
    const other = await createTestUser()
    expect(
      await notify(db, { userId: user.id, kind: 'k', title: 'A', body: 'a', dedupeKey: 'once' }),
    ).toBe(true)
    expect(
      await notify(db, {
        userId: user.id,
        kind: 'k',
        title: 'A again',
        body: 'a',
        dedupeKey: 'once',
      }),
    ).toBe(false)
    await notify(db, { userId: user.id, kind: 'k', title: 'B', body: 'b' })
    await notify(db, { userId: other.id, kind: 'k', title: 'C', body: 'c' })
    const before = await listNotifications(db, user.id)
    expect(before.unread).toBe(2)
    const first = before.items.find((n) => n.title === 'A')!
    await markNotificationsRead(db, user.id, [first.id])
    expect((await listNotifications(db, user.id)).unread).toBe(1)
    // Someone else's ids are ignored.
    const theirs = (await listNotifications(db, other.id)).items[0]!
    await markNotificationsRead(db, user.id, [theirs.id])
    expect((await listNotifications(db, other.id)).unread).toBe(1)
    await markNotificationsRead(db, user.id)
    expect((await listNotifications(db, user.id)).unread).toBe(0)
  })
})
