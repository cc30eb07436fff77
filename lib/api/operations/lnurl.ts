// Scanning codes and signing in elsewhere with LNURL-auth: their REST operations, each with its method, path,
// the permission-table action its handler asks for, and its OpenAPI prose. Part of the one route registry
// (lib/api/registry.ts).
import { signInRequestSchema } from "../../lnurl-auth-client/auth-link";
import { listLoginsQuerySchema } from "../../lnurl-auth-client/page-logins";
import type { ApiOperation } from "../operation";

export const LNURL_OPERATIONS: ApiOperation[] = [
  {
    method: "GET",
    path: "/api/v1/lnurlscan/{code}",
    action: "lnurlscan.read",
    operationId: "scanCode",
    summary: "Scan an LNURL, Lightning Address or invoice",
    description:
      "What a code is before paying or pulling it: `pay` (LUD-06 / LUD-16), `withdraw` (LUD-03), `auth` (LUD-04) or `invoice` (BOLT 11, decoded and its signature checked). LNURLs and addresses are read from their service (first step only); services on private addresses are refused.",
    pathParameter: {
      name: "code",
      in: "path",
      required: true,
      description: "The code, percent-encoded: lnurl1…, lnurlp://…, lnurlw://…, keyauth://…, user@domain or lnbc…, with or without lightning:.",
      schema: { type: "string", maxLength: 4000 },
    },
    success: { status: 200, description: "What the code is.", schema: "Scan" },
    errors: [400, 401, 429, 502],
  },
  {
    method: "POST",
    path: "/api/v1/lnurlauth",
    action: "lnurlauth.sign",
    operationId: "signInWithLnurlAuth",
    summary: "Sign in to a service with LNURL-auth",
    description:
      "Acts as the merchant's wallet for an LNURL-auth code (LUD-04): signs the link's `k1` with the merchant's linking key for the service's domain (LUD-05: the same domain always gets the same key, another domain an unrelated one) and calls the service with `sig` and `key`. Give the login URL as `callback` or its LNURL as `lnurl` (bech32, `lightning:` or `keyauth://`). The service's `{\"status\":\"OK\"}` answers 200 with the login; its `{\"status\":\"ERROR\",\"reason\"}` answers 400 `lnurl_refused` with that reason; a service that cannot be reached or answers badly 502. Every attempt that reached for the service is recorded (see the list). Services on private addresses are refused.",
    body: signInRequestSchema,
    success: { status: 200, description: "The service signed the merchant in.", schema: "LnurlAuthLogin" },
    errors: [400, 401, 409, 413, 429, 502],
  },
  {
    method: "GET",
    path: "/api/v1/lnurlauth",
    action: "lnurlauth.read",
    operationId: "listLnurlAuthLogins",
    summary: "List LNURL-auth sign-ins",
    description: "Every sign-in attempt at another service, newest first, with its domain, linking key and outcome. Page with `starting_after` (older) or `ending_before` (newer).",
    query: listLoginsQuerySchema,
    success: { status: 200, description: "A page of sign-in attempts.", schema: "LnurlAuthLoginList" },
    errors: [400, 401, 429],
  },
];
