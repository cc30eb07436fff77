import { isAppError } from "../errors";
import { ValidationError } from "../validation";
import type { FormValues, TeamFormState } from "./form-state";

/**
 * What a Team form shows for a refused request: errors that name one of the form's fields next to that field
 * (`email_taken` included), anything else as one message. Unexpected errors are rethrown, so the page's error
 * boundary shows them without leaking their text.
 */
export function teamFormError(error: unknown, values: FormValues, formFields: readonly string[]): TeamFormState {
  if (!isAppError(error)) throw error;
  const fields = error instanceof ValidationError ? error.fields : error.param ? { [error.param]: error.message } : {};
  const shown = Object.fromEntries(Object.entries(fields).filter(([field]) => formFields.includes(field)));
  if (Object.keys(shown).length > 0) return { status: "invalid", fields: shown, values };
  return { status: "failed", message: error.message, values };
}
