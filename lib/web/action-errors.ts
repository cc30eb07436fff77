// What a form shows for a refused request: errors that name one of the form's fields next to that field
// (validation errors, and domain errors with a `param` such as `email_taken`), anything else as one message.
// Unexpected errors are rethrown, so the page's error boundary shows them without leaking their text.
import { isAppError } from "../errors";
import { ValidationError } from "../validation";
import type { FormValues } from "./form-state";

export type FormFailure =
  | { status: "invalid"; fields: Record<string, string>; values: FormValues }
  | { status: "failed"; message: string; values: FormValues };

/** `formFields` limits field errors to the fields the form has; without it every named field is kept. */
export function formError(error: unknown, values: FormValues, formFields?: readonly string[]): FormFailure {
  if (!isAppError(error)) throw error;
  const fields = error instanceof ValidationError ? error.fields : error.param ? { [error.param]: error.message } : {};
  const shown = Object.fromEntries(Object.entries(fields).filter(([field]) => !formFields || formFields.includes(field)));
  if (Object.keys(shown).length > 0) return { status: "invalid", fields: shown, values };
  return { status: "failed", message: error.message, values };
}
