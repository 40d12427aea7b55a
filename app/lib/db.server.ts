export { closeDatabase, db } from '#db/client.ts'
