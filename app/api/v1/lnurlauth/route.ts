import { listObject } from "@/lib/database/list-object";
import { pageLogins } from "@/lib/lnurl-auth-client/page-logins";
import { serializeLogin } from "@/lib/lnurl-auth-client/serialize-login";
import { signInToService } from "@/lib/lnurl-auth-client/sign-in-to-service";
import { servicePolicy } from "@/lib/lnurl-client/service-policy";
import { apiRoute, json, readJson } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

export const POST = apiRoute({ action: "lnurlauth.sign" }, async ({ request, caller }) =>
  json(serializeLogin(await signInToService(caller.merchantId, await readJson(request), servicePolicy()))),
);

export const GET = apiRoute({ action: "lnurlauth.read" }, async ({ request, caller }) => {
  const url = new URL(request.url);
  const page = await pageLogins(caller.merchantId, Object.fromEntries(url.searchParams));
  return json(listObject(url.pathname, page.rows.map(serializeLogin), page.hasMore));
});

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET, POST });
