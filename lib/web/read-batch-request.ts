// The REST upload: the file itself is the body, `Content-Type: text/csv` (UTF-8), at most the file limit;
// its name may come as the `file_name` query parameter. Read through the one capped reader, with the file
// limit and its own message.
import type { BatchFile } from "../batches/create-batch";
import { batchFileTooLarge, decodeBatchFile } from "../batches/decode-batch-file";
import { MAX_BATCH_FILE_BYTES } from "../batches/rules";
import { batchUploadQuerySchema } from "../batches/schemas";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { readBodyBytes } from "./read-body";

export async function readBatchRequest(request: Request): Promise<BatchFile> {
  const query = parseInput(batchUploadQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const [mediaType, ...params] = (request.headers.get("content-type") ?? "").split(";").map((p) => p.trim().toLowerCase());
  if (mediaType !== "text/csv") {
    throw new AppError("validation_error", "Send the CSV file itself as the request body, with Content-Type: text/csv.", "Content-Type");
  }
  const charset = params.find((p) => p.startsWith("charset="))?.slice("charset=".length).replace(/"/g, "");
  if (charset && charset !== "utf-8" && charset !== "utf8") {
    throw new AppError("validation_error", `A batch file must be UTF-8 (got charset=${charset}).`, "Content-Type");
  }
  return { name: query.file_name ?? null, text: decodeBatchFile(await readBodyBytes(request, MAX_BATCH_FILE_BYTES, batchFileTooLarge)) };
}
