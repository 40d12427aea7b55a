import { describe, expect, it } from 'vitest'
import { csvStream } from './csv-stream.ts'

describe('csvStream', () => {
  it('sends the header, then every batch from the cursor the last one ended at', async () => {
    const asked: Array<number | undefined> = []
    const pages = new Map<number | undefined, { items: number[]; next: number | null }>([
      [undefined, { items: [1, 2], next: 2 }],
      [2, { items: [], next: 3 }],
      [3, { items: [3], next: null }],
    ])
    const stream = csvStream<number, number>(
      ['n', 'square'],
      (n: number) => `${n},${n * n}`,
      (cursor) => {
        asked.push(cursor)
        return Promise.resolve(pages.get(cursor)!)
      },
    )
    expect(await new Response(stream).text()).toBe('n,square\n1,1\n2,4\n3,9\n')
    expect(asked).toEqual([undefined, 2, 3])
  })
})
