// What a merchant hands Sluice to sign in somewhere (LUD-04 step 1, as a wallet reads it): the login URL
// itself (`callback`, as LNbits' API takes it) or its LNURL (`lnurl`: bech32, with or without lightning:, or
// the LUD-17 keyauth:// form). Nothing is fetched here. The URL must be a login link (tag=login) with a k1 of
// 32 bytes and, if any, one of LUD-04's four actions, and it obeys the outbound rules of every LNURL call.
// It must not be on this installation's own host (PUBLIC_URL's): the merchant's client key must never sign in to
// Sluice itself, where it could be linked to a user and then sign in as that user for anyone who can make the
// client sign (API keys, developers). LUD-05 derives the key from the host name alone, so every port of it counts.
import { z } from "zod";
import { env } from "../env";
import { AppError } from "../errors";
import { parseCode, MAX_CODE_LENGTH } from "../lnurl-client/parse-code";
import { checkServiceUrl, MAX_SERVICE_URL_LENGTH, type ServicePolicy } from "../lnurl-client/service-policy";
import { parseInput } from "../validation";
import { hostOf } from "../outbound/target-policy";

export const AUTH_ACTIONS = ["register", "login", "link", "auth"] as const;
export type AuthAction = (typeof AUTH_ACTIONS)[number];

export const signInRequestSchema = z
  .strictObject(
    {
      callback: z
        .string({ error: "callback must be a string: the login URL (https://…?tag=login&k1=…)." })
        .trim()
        .min(1, "callback is empty: give the login URL (https://…?tag=login&k1=…).")
        .max(MAX_SERVICE_URL_LENGTH, `callback is longer than ${MAX_SERVICE_URL_LENGTH} characters.`)
        .optional()
        .describe("The LNURL-auth login URL, decoded: https://service.example/auth?tag=login&k1=<64 hex>&action=login."),
      lnurl: z
        .string({ error: "lnurl must be a string: the LNURL-auth code (LNURL1…, lightning:LNURL1… or keyauth://…)." })
        .trim()
        .min(1, "lnurl is empty: give the LNURL-auth code (LNURL1…, lightning:LNURL1… or keyauth://…).")
        .max(MAX_CODE_LENGTH, `lnurl is longer than ${MAX_CODE_LENGTH} characters.`)
        .optional()
        .describe("The same as an LNURL: bech32 (LNURL1…), with or without lightning:, or the LUD-17 keyauth:// form."),
    },
    { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown field: ${issue.keys.join(", ")}. Give callback or lnurl.` : undefined) },
  )
  .refine((b) => b.callback !== undefined || b.lnurl !== undefined, { message: "Give the login URL as callback, or its LNURL as lnurl.", path: ["callback"] })
  .refine((b) => b.callback === undefined || b.lnurl === undefined, { message: "Give callback or lnurl, not both.", path: ["lnurl"] });

export type SignInRequest = z.input<typeof signInRequestSchema>;

export type AuthLink = {
  /** The login URL without its fragment: sig and key are appended to it. */
  url: URL;
  /** LUD-05's "full domain name": the host, lower case, without port or final dot. */
  domain: string;
  k1: string;
  action: AuthAction | null;
};

const invalid = (message: string, param: string) => new AppError("validation_error", message, param);

/** Refuses a link on this installation's own host (PUBLIC_URL's, as LUD-05 names a domain: no port, no final dot). */
function assertNotOwnHost(url: URL, param: string): void {
  const own = hostOf(new URL(env().publicUrl));
  if (hostOf(url) !== own) return;
  throw new AppError(
    "lnurl_url_not_allowed",
    `That code is for this Sluice installation (${own}): the merchant's LNURL-auth key never signs in to Sluice itself. Sign in to Sluice with a password or your own wallet.`,
    param,
  );
}

function loginUrl(body: z.output<typeof signInRequestSchema>, policy: ServicePolicy): { url: URL; param: string; keyauth: boolean } {
  if (body.callback !== undefined) {
    if (!URL.canParse(body.callback)) throw invalid("callback is not a URL: give the login URL (https://…?tag=login&k1=…), or the LNURL as lnurl.", "callback");
    assertNotOwnHost(new URL(body.callback), "callback");
    return { url: checkServiceUrl(body.callback, policy), param: "callback", keyauth: false };
  }
  const parsed = parseCode(body.lnurl, policy, "lnurl");
  if (parsed.type !== "lnurl") throw invalid("That is not an LNURL-auth code: give LNURL1…, lightning:LNURL1… or keyauth://….", "lnurl");
  assertNotOwnHost(parsed.url, "lnurl");
  return { url: checkServiceUrl(parsed.url.toString(), policy), param: "lnurl", keyauth: parsed.scheme === "keyauth" };
}

export function readAuthLink(input: unknown, policy: ServicePolicy): AuthLink {
  const { url, param, keyauth } = loginUrl(parseInput(signInRequestSchema, input), policy);
  const query = url.searchParams;
  const tag = query.get("tag");
  // LUD-17's keyauth:// says what it is by its scheme; every other form must carry LUD-04's tag.
  if (tag !== "login" && !(keyauth && tag === null)) {
    throw invalid(tag === null ? "That is not an LNURL-auth link: its URL has no tag=login." : `That is not an LNURL-auth link: its tag is "${tag.slice(0, 40)}", not "login".`, param);
  }
  const k1 = query.get("k1") ?? "";
  if (!/^[0-9a-fA-F]{64}$/.test(k1)) throw invalid("The link's k1 must be 64 hexadecimal characters (32 bytes), as LUD-04 requires.", param);
  const action = query.get("action");
  if (action !== null && !(AUTH_ACTIONS as readonly string[]).includes(action)) {
    throw invalid(`The link's action "${action.slice(0, 40)}" is not one of LUD-04's: ${AUTH_ACTIONS.join(", ")}.`, param);
  }
  if (query.has("sig") || query.has("key")) throw invalid("The link already carries sig or key: give the service's link as it shows it.", param);
  url.hash = "";
  return { url, domain: hostOf(url), k1: k1.toLowerCase(), action: action as AuthAction | null };
}

/** LUD-04 step 3: the link with its own query kept as it is, then sig and key. */
export function signedCallback(link: AuthLink, sig: string, key: string): string {
  return `${link.url.href}${link.url.search ? "&" : "?"}sig=${sig}&key=${key}`;
}
