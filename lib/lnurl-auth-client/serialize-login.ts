// The login object of the REST API: one sign-in attempt at another service. It names the linking public key
// used there (public by design: the service stores it as the merchant's identity) and never k1, the signature
// or anything that could sign.
import { z } from "zod";
import type { LnurlAuthLogin } from "../generated/prisma/client";
import { AUTH_ACTIONS } from "./auth-link";

export const LOGIN_STATUSES = ["ok", "error"] as const;

export const loginObjectSchema = z.object({
  id: z.string().startsWith("lal_"),
  object: z.literal("lnurlauth_login"),
  domain: z.string().describe("The service's full domain name, from which the linking key is derived (LUD-05)."),
  key: z.string().regex(/^0[23][0-9a-f]{64}$/).describe("The linking public key Sluice signed with there: the same for every sign-in at this domain."),
  action: z.enum(AUTH_ACTIONS).nullable().describe("The link's action (LUD-04), or null when it had none."),
  status: z.enum(LOGIN_STATUSES).describe('ok: the service answered {"status":"OK"}. error: it refused, answered badly or could not be reached.'),
  error_reason: z.string().nullable().describe("Why it failed: the service's own reason when it gave one."),
  created: z.number().int().describe("Epoch ms."),
});

export type LoginObject = z.infer<typeof loginObjectSchema>;

export function serializeLogin(row: LnurlAuthLogin): LoginObject {
  return {
    id: row.id,
    object: "lnurlauth_login",
    domain: row.domain,
    key: row.linkingKey,
    action: row.action as LoginObject["action"],
    status: row.status as LoginObject["status"],
    error_reason: row.errorReason,
    created: row.createdAt.getTime(),
  };
}
