// The page that shows an LNURL-auth QR code polls here with its k1 and the secret it got with it (same
// origin only: no CORS headers). POST, so the secret never lands in a URL or an access log.
import { challengeStatus, type ChallengeStatus } from "@/lib/lnurl-auth/challenge-status";
import { keyFingerprint } from "@/lib/lnurl-auth/key-fingerprint";
import { challengeQuerySchema } from "@/lib/lnurl-auth/schemas";

const NO_STORE = { "Cache-Control": "no-store" };

function serialize(status: ChallengeStatus) {
  switch (status.status) {
    case "pending":
      return { status: "pending", expires_at: status.expiresAt.getTime(), refusal: status.refusal };
    case "proposed":
      return { status: "proposed", linking_key: status.linkingKey, fingerprint: keyFingerprint(status.linkingKey), expires_at: status.expiresAt.getTime() };
    case "linked":
      return { status: "linked", linking_key: status.linkingKey };
    default:
      return { status: status.status };
  }
}

export async function POST(request: Request) {
  const input: unknown = await request.json().catch(() => undefined);
  const parsed = challengeQuerySchema.safeParse(input);
  if (!parsed.success) return Response.json({ error: parsed.error.issues[0].message }, { status: 400, headers: NO_STORE });
  const status = await challengeStatus(parsed.data);
  return Response.json(serialize(status), { status: status.status === "unknown" ? 404 : 200, headers: NO_STORE });
}
