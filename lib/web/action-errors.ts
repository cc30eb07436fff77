// Turning domain errors into what a form shows: field errors for validation, one message otherwise.
import { isAppError } from "../errors";
import { ValidationError } from "../validation";
import type { FormState, FormValues } from "./form-state";

export function formError(error: unknown, values: FormValues): FormState {
  if (error instanceof ValidationError) return { status: "invalid", fields: error.fields, values };
  if (isAppError(error)) return { status: "failed", message: error.message, values };
  throw error;
}
