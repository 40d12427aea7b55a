import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { clearJobSender, setJobSender, type JobSender } from '#server/jobs/requests.ts'
import { requestMailDelivery } from './request-mail-delivery.ts'

let sent: number[]
const sender: JobSender = () => {
  sent.push(Date.now())
  return Promise.resolve()
}
// Each test starts long after the previous one's sends (the window is module state).
let start = 1_000_000

beforeEach(() => {
  start += 100_000
  vi.useFakeTimers({ now: start })
  sent = []
  setJobSender(sender)
})
afterEach(() => {
  clearJobSender(sender)
  vi.useRealTimers()
})

describe('requestMailDelivery', () => {
  it('sends at once when nothing was sent within 250 ms', async () => {
    await requestMailDelivery()
    expect(sent).toEqual([start])
    await vi.advanceTimersByTimeAsync(300)
    await requestMailDelivery()
    expect(sent).toEqual([start, start + 300])
  })

  it('answers a burst with one trailing send, made after the last request of its window', async () => {
    await requestMailDelivery()
    for (let i = 0; i < 50; i++) {
      await vi.advanceTimersByTimeAsync(4)
      await requestMailDelivery()
    }
    expect(sent).toEqual([start])
    await vi.advanceTimersByTimeAsync(50)
    expect(sent).toEqual([start, start + 250])
    // A request after that trailing send gets one of its own.
    await requestMailDelivery()
    expect(sent).toEqual([start, start + 250])
    await vi.advanceTimersByTimeAsync(250)
    expect(sent).toEqual([start, start + 250, start + 500])
  })
})
