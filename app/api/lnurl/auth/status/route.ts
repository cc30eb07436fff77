// The page that shows an LNURL-auth QR code polls here with its k1 and the secret it got with it (same
// origin only: no CORS headers). POST, so the secret never lands in a URL or an access log. Anyone may call
// it, so the body goes through the capped reader; errors answer this page's own shape, { error: message }.
import { isAppError } from "@/lib/errors";
import { challengeStatus } from "@/lib/lnurl-auth/challenge-status";
import { challengeQuerySchema } from "@/lib/lnurl-auth/schemas";
import { challengeStatusReply } from "@/lib/lnurl-auth/status-reply";
import { readJsonBody } from "@/lib/web/read-body";

const NO_STORE = { "Cache-Control": "no-store" };

// The body is two short hex strings; nothing legitimate comes near a kilobyte.
const MAX_STATUS_BODY_BYTES = 1024;

export async function POST(request: Request) {
  let input: unknown;
  try {
    input = await readJsonBody(request, MAX_STATUS_BODY_BYTES);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return Response.json({ error: error.message }, { status: error.status, headers: NO_STORE });
  }
  const parsed = challengeQuerySchema.safeParse(input);
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0].message }, { status: 400, headers: NO_STORE });
  const status = await challengeStatus(parsed.data);
  return Response.json(challengeStatusReply(status), { status: status.status === "unknown" ? 404 : 200, headers: NO_STORE });
}
