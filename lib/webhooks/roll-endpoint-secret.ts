// Rolling an endpoint's signing secret: a new secret, shown this once, signs every delivery from now on; the
// one it replaces keeps signing next to it until the overlap ends, so receivers can switch without losing a
// delivery. One UPDATE moves the current sealed secret to the previous columns and seals the new one (SET
// reads the row as it was), so two rolls at once cannot lose a secret half-way. Rolling again during an
// overlap ends the older secret's overlap at once: only the two newest sign.
import { db } from "../db";
import { AppError } from "../errors";
import { parseInput } from "../validation";
import { rollSecretSchema } from "./api-schemas";
import { retrieveWebhookEndpoint } from "./retrieve-endpoint";
import { newWebhookSecret, sealSecret } from "./secret-box";
import type { EndpointRow } from "./serialize-endpoint";

export async function rollWebhookEndpointSecret(merchantId: string, id: string, input: unknown, now: Date = new Date()): Promise<EndpointRow & { secret: string }> {
  await retrieveWebhookEndpoint(merchantId, id);
  const { expires_in_seconds } = parseInput(rollSecretSchema, input ?? {});
  const secret = newWebhookSecret();
  const expiresAt = new Date(now.getTime() + expires_in_seconds * 1000);
  const rolled = await db().$executeRaw`
    UPDATE webhook_endpoints
    SET previous_secret_encrypted = secret_encrypted, previous_secret_expires_at = ${expiresAt}, secret_encrypted = ${sealSecret(secret)}
    WHERE id = ${id} AND merchant_id = ${merchantId}`;
  if (rolled === 0) throw new AppError("not_found", `No webhook endpoint ${id}.`, "id");
  return { ...(await retrieveWebhookEndpoint(merchantId, id)), secret };
}
