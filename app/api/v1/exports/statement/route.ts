import { exportStatement } from "@/lib/export/statement-file";
import { apiRoute } from "@/lib/web/api";
import { downloadResponse, queryOf } from "@/lib/web/export-response";

// Read-only keys may export.
export const GET = apiRoute({ action: "exports.read" }, async ({ request, caller }) =>
  downloadResponse(await exportStatement({ merchantId: caller.merchantId, apiKeyId: caller.keyId }, queryOf(request))),
);
