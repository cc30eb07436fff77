// Whether a webhook URL may be used, checked when an endpoint is registered and again before every
// delivery: the outbound target policy (lib/outbound/target-policy.ts) in webhooks' words. https (http only
// outside live use or when private URLs are allowed), no credentials in the URL (every request is signed
// instead), no #fragment, any port, and a host whose every address is public unless
// WEBHOOK_ALLOW_PRIVATE_URLS is set. The address checked is the address connected to (see post-webhook.ts),
// so a DNS answer that changes in between cannot slip past.
import { env } from "../env";
import { AppError } from "../errors";
import {
  checkTargetForm,
  MAX_TARGET_URL_LENGTH,
  resolveTarget,
  type Resolver,
  type TargetPolicy,
  type TargetWording,
} from "../outbound/target-policy";

export type UrlPolicy = { allowPrivate: boolean; allowHttp: boolean };
/** Where a delivery goes: the URL and the checked address to connect to. */
export type ResolvedTarget = { url: URL; address: string; family: 4 | 6 };
export type { Resolver };

export const MAX_URL_LENGTH = MAX_TARGET_URL_LENGTH;

/** The configured policy: private URLs only when allowed; http when allowed, or while the node is simulated. */
export function urlPolicy(): UrlPolicy {
  const config = env();
  const live = config.lightning.backend !== "simulator";
  return { allowPrivate: config.webhookAllowPrivateUrls, allowHttp: config.webhookAllowPrivateUrls || !live };
}

const refuse = (message: string) => new AppError("webhook_url_not_allowed", message, "url");

const notPublic = (where: string, cls: string) => refuse(`${where} is not a public address (${cls}); webhooks are only sent to public addresses.`);

function wording(policy: UrlPolicy): TargetWording {
  return {
    notAUrl: () => refuse("Enter a full URL, such as https://example.com/webhooks."),
    notHttps: () => refuse(policy.allowHttp ? "Use an http:// or https:// URL." : "Use an https:// URL: webhooks are only sent over TLS."),
    credentials: () => refuse("Leave user names and passwords out of the URL; every request is signed instead."),
    localName: (host) => notPublic(host, "loopback"),
    notPublic,
    notFound: (host) => refuse(`The host ${host} could not be found.`),
  };
}

function targetPolicy(policy: UrlPolicy, resolve?: Resolver): TargetPolicy {
  // Webhook endpoints may listen on any port: a merchant's own server, named by the merchant.
  return {
    allowPrivate: policy.allowPrivate,
    allowHttp: () => policy.allowHttp,
    noFragment: () => refuse("Leave the #fragment out of the URL."),
    resolve,
  };
}

/** The URL's form alone (no DNS): scheme, credentials, host. */
export function checkUrlForm(raw: string, policy: UrlPolicy): URL {
  return checkTargetForm(raw, targetPolicy(policy), wording(policy));
}

/** Checks the URL and resolves its host; every address must pass, and the first one is the one to use. */
export async function resolveWebhookTarget(raw: string, policy: UrlPolicy, resolve?: Resolver): Promise<ResolvedTarget> {
  return resolveTarget(raw, targetPolicy(policy, resolve), wording(policy));
}
