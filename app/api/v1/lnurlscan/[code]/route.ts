import { env } from "@/lib/env";
import { scanCode } from "@/lib/lnurl-client/scan-code";
import { serializeScan } from "@/lib/lnurl-client/serialize-scan";
import { servicePolicy } from "@/lib/lnurl-client/service-policy";
import { apiRoute, json } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

// The code is one path segment: clients percent-encode it (lnurlp:// links carry slashes).
function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export const GET = apiRoute<{ code: string }>({ action: "lnurlscan.read" }, async ({ params }) =>
  json(serializeScan(await scanCode(segment(params.code), { policy: servicePolicy(), network: env().lightning.network }))),
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
