// The REST upload: the file itself is the body, `Content-Type: text/csv` (UTF-8), at most the file limit;
// its name may come as the `file_name` query parameter.
import { AppError } from "../errors";
import { parseInput } from "../validation";
import type { BatchFile } from "./create-batch";
import { batchFileTooLarge, decodeBatchFile } from "./decode-batch-file";
import { MAX_BATCH_FILE_BYTES } from "./rules";
import { batchUploadQuerySchema } from "./schemas";

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
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BATCH_FILE_BYTES) throw batchFileTooLarge();
  return { name: query.file_name ?? null, text: decodeBatchFile(await readAtMost(request, MAX_BATCH_FILE_BYTES)) };
}

/** The body's bytes, refusing it as soon as it passes `max` (a chunked body declares no length). */
async function readAtMost(request: Request, max: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw batchFileTooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
