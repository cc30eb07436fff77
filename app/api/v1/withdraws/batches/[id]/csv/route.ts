import { batchResultCsv } from "@/lib/batches/batch-result-csv";
import { getBatch } from "@/lib/batches/get-batch";
import { batchCsvResponse } from "@/lib/batches/batch-csv-response";
import { apiRoute } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

export const GET = apiRoute<{ id: string }>({ action: "batches.read" }, async ({ caller, params }) =>
  batchCsvResponse(batchResultCsv(await getBatch(caller.merchantId, params.id), caller.linkAccess)),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
