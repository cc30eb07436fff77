// Boundary validation: a zod failure becomes an AppError naming the first field at fault.
import type { z } from "zod";
import { AppError } from "./errors";

export type FieldErrors = Record<string, string>;

export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}

export class ValidationError extends AppError {
  constructor(readonly fields: FieldErrors) {
    const [param, message] = Object.entries(fields)[0] ?? ["_", "The request is not valid."];
    super("validation_error", message, param === "_" ? undefined : param);
  }
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrors(result.error));
  return result.data;
}
