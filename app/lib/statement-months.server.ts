// The statement picker's months for page loaders (a .server module, so the browser build drops it).
export { statementMonths } from '#server/services/documents/statements/statement-months.ts'
