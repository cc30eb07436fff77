// What server actions return to their forms, and the one mapping from domain errors to those answers.
import { AppError, isAppError } from "../errors";
import { LnurlRefusal } from "../lnurl/refusal";
import { ValidationError } from "../validation";

export type ActionFailure = { ok: false; message: string; field?: string; refused?: boolean };

/** A failure a form can show; anything unexpected is logged and answered without internals. */
export function actionFailure(error: unknown, context: string): ActionFailure {
  if (error instanceof LnurlRefusal) return { ok: false, message: error.reason, refused: true };
  if (error instanceof ValidationError) return { ok: false, message: error.message, field: error.param };
  if (isAppError(error)) return { ok: false, message: error.message, field: error.param };
  console.error(`[${context}]`, error);
  return { ok: false, message: new AppError("internal_error", "Something went wrong on our side. Try again.").message };
}
