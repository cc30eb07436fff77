// Whether a webhook URL may be used, checked when an endpoint is registered and again before every
// delivery: https (http only outside live use or when private URLs are allowed), no credentials in the URL,
// and a host whose every address is public unless WEBHOOK_ALLOW_PRIVATE_URLS is set. The address checked is
// the address connected to (see post-webhook.ts), so a DNS answer that changes in between cannot slip past.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { env } from "../env";
import { AppError } from "../errors";
import { classifyAddress } from "../outbound/address-policy";
import { hostOf, type Resolver } from "../outbound/host";

export type UrlPolicy = { allowPrivate: boolean; allowHttp: boolean };
export type ResolvedTarget = { url: URL; address: string; family: 4 | 6 };

export const MAX_URL_LENGTH = 2048;

/** The configured policy: private URLs only when allowed; http when allowed, or while the node is simulated. */
export function urlPolicy(): UrlPolicy {
  const config = env();
  const live = config.lightning.backend !== "simulator";
  return { allowPrivate: config.webhookAllowPrivateUrls, allowHttp: config.webhookAllowPrivateUrls || !live };
}

const refuse = (message: string) => new AppError("webhook_url_not_allowed", message, "url");

/** The URL's form alone (no DNS): scheme, credentials, host. */
export function checkUrlForm(raw: string, policy: UrlPolicy): URL {
  if (raw.length > MAX_URL_LENGTH || !URL.canParse(raw)) throw refuse("Enter a full URL, such as https://example.com/webhooks.");
  const url = new URL(raw);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && policy.allowHttp)) {
    throw refuse(policy.allowHttp ? "Use an http:// or https:// URL." : "Use an https:// URL: webhooks are only sent over TLS.");
  }
  if (url.username || url.password) throw refuse("Leave user names and passwords out of the URL; every request is signed instead.");
  if (url.hash) throw refuse("Leave the #fragment out of the URL.");
  const host = hostOf(url);
  if (!policy.allowPrivate && (host === "localhost" || host.endsWith(".localhost"))) throw privateRefusal(host, "loopback");
  return url;
}

function privateRefusal(host: string, cls: string): AppError {
  return refuse(`${host} is not a public address (${cls}); webhooks are only sent to public addresses.`);
}

const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** Checks the URL and resolves its host; every address must pass, and the first one is the one to use. */
export async function resolveWebhookTarget(raw: string, policy: UrlPolicy, resolve: Resolver = systemResolver): Promise<ResolvedTarget> {
  const url = checkUrlForm(raw, policy);
  const host = hostOf(url);
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      throw refuse(`The host ${host} could not be found.`);
    }
  }
  if (addresses.length === 0) throw refuse(`The host ${host} could not be found.`);
  if (!policy.allowPrivate) {
    for (const { address } of addresses) {
      const cls = classifyAddress(address);
      if (cls !== "public") throw privateRefusal(host === address ? address : `${host} (${address})`, cls);
    }
  }
  const first = addresses[0];
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
