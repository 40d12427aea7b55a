/** One batch of a keyset walk: its items and where the next batch starts (null: done). */
export type CsvBatch<Item, Cursor> = { items: readonly Item[]; next: Cursor | null }

/**
 * A CSV download as a stream: the header line, then one batch of rows per read, so an export
 * never runs one giant query or holds the whole file in memory.
 */
export function csvStream<Item, Cursor>(
  header: readonly string[],
  row: (item: Item) => string,
  batchAfter: (cursor: Cursor | undefined) => Promise<CsvBatch<Item, Cursor>>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  let cursor: Cursor | undefined
  let started = false
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true
        controller.enqueue(encoder.encode(`${header.join(',')}\n`))
      }
      // A read that enqueues nothing is not pulled again: skip empty batches within it.
      let batch: CsvBatch<Item, Cursor>
      do {
        batch = await batchAfter(cursor)
        if (batch.next !== null) cursor = batch.next
      } while (batch.items.length === 0 && batch.next !== null)
      if (batch.items.length > 0)
        controller.enqueue(encoder.encode(batch.items.map(row).join('\n') + '\n'))
      if (batch.next === null) controller.close()
    },
  })
}
