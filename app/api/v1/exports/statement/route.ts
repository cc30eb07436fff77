import { exportStatement } from "@/lib/export/statement-file";
import { apiRoute } from "@/lib/web/api";
import { downloadResponse, queryOf } from "@/lib/web/export-response";
import { otherMethods } from "@/lib/web/other-methods";

// Read-only keys may export.
export const GET = apiRoute({ action: "exports.read" }, async ({ request, caller }) =>
  downloadResponse(await exportStatement({ merchantId: caller.merchantId, apiKeyId: caller.keyId }, queryOf(request))),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
