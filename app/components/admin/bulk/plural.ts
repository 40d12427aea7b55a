/** "1 row", "1,200 rows" ("1 row was", "2 rows were" with `many`). */
export const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`
