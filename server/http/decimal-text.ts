import { quoteFractionalNumbers } from '#server/lib/money.ts'

/**
 * tRPC parses its own JSON; this hands it a copy of the request whose fractional numbers
 * are strings of their original text (see quoteFractionalNumbers), for the query-string
 * `input` and for POST bodies alike.
 */
export async function withDecimalText(request: Request): Promise<Request> {
  const url = new URL(request.url)
  const input = url.searchParams.get('input')
  if (input !== null) url.searchParams.set('input', quoteFractionalNumbers(input))
  if (request.method === 'GET' || request.method === 'HEAD') {
    return input === null ? request : new Request(url, request)
  }
  const body = await request.text()
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    body: quoteFractionalNumbers(body),
  })
}
