// A batch file's bytes → its text: at most MAX_BATCH_FILE_BYTES, UTF-8 (a byte order mark is allowed and
// dropped by the parser). Bytes that are not UTF-8 become U+FFFD, which the parser reports by row and column.
import { AppError } from "../errors";
import { MAX_BATCH_FILE_BYTES } from "./rules";

export function decodeBatchFile(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_BATCH_FILE_BYTES) throw batchFileTooLarge();
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
}

export function batchFileTooLarge(): AppError {
  return new AppError("body_too_large", `A batch file is at most ${MAX_BATCH_FILE_BYTES / 1024} KB; split it into several batches.`, "file");
}
