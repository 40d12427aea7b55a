export { closeDatabase, db, readDb } from '#db/client.ts'
