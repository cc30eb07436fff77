import type { RowError } from "@/lib/batches/row-errors";

/** What the batch upload action returns to its form: the rows at fault, one message, or nothing yet. */
export type BatchFormState =
  | { status: "idle" }
  | { status: "invalid"; message: string; errors: RowError[]; fileName: string }
  | { status: "failed"; message: string; fileName?: string };
