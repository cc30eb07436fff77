// The form adapter of the error table (lib/errors.ts): what a server action hands its form for a refused
// request, in the table's words for forms. Errors that name one of the form's fields go next to that field
// (validation errors, and domain errors with a `param` such as `email_taken`), anything else is one message.
import { unstable_rethrow } from "next/navigation";
import { answerOf, isAppError, type AppError } from "../errors";
import { ValidationError } from "../validation";
import type { ActionFailure } from "./action-state";
import type { FormValues } from "./form-state";

export type FormFailure =
  | { status: "invalid"; fields: Record<string, string>; values: FormValues }
  | { status: "failed"; message: string; values: FormValues };

/** An AppError's words for a form, and the fields they belong to (none when the form may not see its own words). */
function formAnswer(thrown: unknown, where: string): { error: AppError; message: string; fields: Record<string, string> } {
  const { error, message } = answerOf(thrown, "form", where);
  if (message !== error.message) return { error, message, fields: {} };
  const fields = error instanceof ValidationError ? error.fields : error.param ? { [error.param]: message } : {};
  return { error, message, fields };
}

/**
 * For forms with field errors (useActionState with FormState). `formFields` limits field errors to the fields
 * the form has; without it every named field is kept. Anything but an AppError is rethrown: Next.js's own
 * redirects must pass, and the page's error boundary answers the unexpected without its text.
 */
export function formError(error: unknown, values: FormValues, formFields?: readonly string[]): FormFailure {
  if (!isAppError(error)) throw error;
  const { message, fields } = formAnswer(error, "[form]");
  const shown = Object.fromEntries(Object.entries(fields).filter(([field]) => !formFields || formFields.includes(field)));
  if (Object.keys(shown).length > 0) return { status: "invalid", fields: shown, values };
  return { status: "failed", message, values };
}

/**
 * For actions that answer { ok: false, message, field? }: anything unexpected is logged under `context` and
 * answered as internal_error. Next.js's own control flow (a redirect to the sign-in page) passes through.
 */
export function actionFailure(error: unknown, context: string): ActionFailure {
  unstable_rethrow(error);
  const { error: refusal, message, fields } = formAnswer(error, `[${context}]`);
  const field = Object.keys(fields).length > 0 ? refusal.param : undefined;
  return { ok: false, message, ...(field ? { field } : {}), ...(refusal.code === "lnurl_refused" ? { refused: true } : {}) };
}
