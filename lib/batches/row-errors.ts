// A batch file's problems, each named by the row a person sees in the file (the header is row 1; a quoted
// field spanning several lines is still one row, as spreadsheets show it) and by column when there is one.
import { z } from "zod";
import { AppError } from "../errors";
import { MAX_LISTED_ROW_ERRORS } from "./rules";

export const rowErrorSchema = z.object({
  row: z.number().int().positive().describe("The row in the file; the header is row 1."),
  column: z.string().nullable().describe("The column at fault (amount, currency, ttl, descriptor, min_amount), or null for the whole row."),
  message: z.string(),
});

export type RowError = z.infer<typeof rowErrorSchema>;

export class BatchRowsError extends AppError {
  readonly errors: RowError[];
  readonly total: number;

  constructor(errors: RowError[]) {
    const sorted = [...errors].sort((a, b) => a.row - b.row);
    const rows = new Set(sorted.map((e) => e.row)).size;
    const listed = sorted.length > MAX_LISTED_ROW_ERRORS ? ` The first ${MAX_LISTED_ROW_ERRORS} of ${sorted.length} errors are listed.` : "";
    super("batch_invalid", `${rows === 1 ? "1 row has" : `${rows} rows have`} errors; nothing was created. Fix ${rows === 1 ? "it" : "them"} and upload the file again.${listed}`, "file");
    this.errors = sorted.slice(0, MAX_LISTED_ROW_ERRORS);
    this.total = sorted.length;
  }

  /** The REST error answer lists the rows, for the integrator to fix the file. */
  override restFields(): Record<string, unknown> {
    return { errors: this.errors };
  }
}

export function isBatchRowsError(error: unknown): error is BatchRowsError {
  return error instanceof BatchRowsError;
}
