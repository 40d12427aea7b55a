export { badForm, readForm } from '#server/http/forms.ts'
