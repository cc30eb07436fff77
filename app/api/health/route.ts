// Whether Sluice is up, for anyone (the launcher's readiness check, a load balancer, a monitor): the status
// only, 200 when "ok", else 503. The version, the database and the migrations tell an attacker what to try,
// so they go only to a caller with an API key of either scope (Authorization: Bearer sk_…), counted and
// refused as on the REST API. With the database down no key can be checked: everyone gets the status.
import { checkHealth } from "@/lib/health/check-health";
import { authenticateRequest, errorResponse } from "@/lib/web/api";

export const dynamic = "force-dynamic";

const answer = (body: unknown, ok: boolean) => Response.json(body, { status: ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });

export async function GET(request: Request): Promise<Response> {
  const health = await checkHealth(process.env.SLUICE_VERSION ?? "unknown");
  const ok = health.status === "ok";
  if (!request.headers.has("authorization") || health.status === "down") return answer({ status: health.status }, ok);
  try {
    const authenticated = await authenticateRequest(request);
    if (!authenticated.ok) return authenticated.response;
  } catch (error) {
    return errorResponse(error, "[api] GET /api/health");
  }
  return answer(health, ok);
}
