import type { BatchResultFile } from "./batch-result-csv";

/** A batch's result file as a download: never cached (it holds the LNURLs) and never sniffed. */
export function batchCsvResponse(file: BatchResultFile): Response {
  return new Response(file.body, {
    status: 200,
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
