import { z } from "zod";

/** The query of POST /api/v1/withdraws/batch: the body is the file itself. */
export const batchUploadQuerySchema = z.strictObject(
  {
    file_name: z
      .string()
      .trim()
      .min(1, "file_name cannot be empty.")
      .max(255, "file_name is at most 255 characters.")
      .optional()
      .describe("The file's name, kept with the batch (for example payroll-2026-11.csv)."),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown query parameter: ${issue.keys.join(", ")}.` : undefined) },
);
