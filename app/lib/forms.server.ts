export { NOT_A_FORM, readForm } from '#server/http/forms.ts'
