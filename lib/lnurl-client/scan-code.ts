// LNbits-style scan: what a code is and what it offers, before anyone pays or pulls anything. Invoices are
// decoded here (signature checked); LNURLs and Lightning Addresses are read from their service (first step
// only, which services must allow any number of times); LNURL-auth links are read from the link itself.
import { decodeInvoice, isInvoiceError, type Network } from "../bolt11";
import { AppError } from "../errors";
import { fetchServiceJson } from "./fetch-service-json";
import { parseCode, type ParsedCode } from "./parse-code";
import { readPayOffer, readWithdrawOffer, replyTag } from "./service-replies";
import type { ServicePolicy } from "./service-policy";

// LNURL amounts travel as JSON numbers in msat: keep them exact.
const MAX_JSON_MSAT = BigInt(Number.MAX_SAFE_INTEGER);

export type ScannedInvoice = {
  invoice: string;
  amountMsat: bigint | null;
  payee: string;
  network: Network;
  /** Whether this node can pay it (same network). */
  payable: boolean;
  createdAt: Date;
  expiresAt: Date;
  expired: boolean;
  description: string | null;
  descriptionHash: string | null;
  paymentHash: string;
};

export type ScanResult = {
  kind: "pay" | "withdraw" | "auth" | "invoice";
  domain: string | null;
  description: string | null;
  minMsat: bigint | null;
  maxMsat: bigint | null;
  callback: string | null;
  lightningAddress: string | null;
  commentAllowed: number | null;
  authAction: string | null;
  k1: string | null;
  invoice: ScannedInvoice | null;
};

const EMPTY: Omit<ScanResult, "kind"> = {
  domain: null,
  description: null,
  minMsat: null,
  maxMsat: null,
  callback: null,
  lightningAddress: null,
  commentAllowed: null,
  authAction: null,
  k1: null,
  invoice: null,
};

function scanInvoice(text: string, network: Network, now: Date): ScanResult {
  let decoded;
  try {
    decoded = decodeInvoice(text);
  } catch (error) {
    if (isInvoiceError(error)) throw new AppError("validation_error", `That invoice cannot be read: ${error.message}`, "code");
    throw error;
  }
  if (decoded.amountMsat !== null && decoded.amountMsat > MAX_JSON_MSAT) {
    throw new AppError("validation_error", "That invoice asks for more than Sluice can pay in one payment.", "code");
  }
  return {
    ...EMPTY,
    kind: "invoice",
    description: decoded.description,
    minMsat: decoded.amountMsat,
    maxMsat: decoded.amountMsat,
    invoice: {
      invoice: decoded.invoice,
      amountMsat: decoded.amountMsat,
      payee: decoded.payeePubkey,
      network: decoded.network,
      payable: decoded.network === network,
      createdAt: new Date(decoded.timestamp * 1000),
      expiresAt: new Date(decoded.expiresAt * 1000),
      expired: decoded.expiresAt * 1000 <= now.getTime(),
      description: decoded.description,
      descriptionHash: decoded.descriptionHash,
      paymentHash: decoded.paymentHash,
    },
  };
}

// LUD-04: the link itself carries the challenge; nothing is fetched (fetching it would sign nobody in).
function scanAuth(url: URL): ScanResult {
  const k1 = url.searchParams.get("k1");
  if (!k1 || !/^[0-9a-f]{64}$/i.test(k1)) throw new AppError("validation_error", "That LNURL-auth link has no valid k1 (32 bytes in hex).", "code");
  const action = url.searchParams.get("action");
  const verb = action === "register" ? "Register at" : action === "link" ? "Link your wallet to" : action === "auth" ? "Authorise with" : "Sign in to";
  return { ...EMPTY, kind: "auth", domain: url.host, description: `${verb} ${url.host}`, callback: url.toString(), authAction: action ?? "login", k1: k1.toLowerCase() };
}

async function scanService(parsed: Exclude<ParsedCode, { type: "invoice" }>, policy: ServicePolicy): Promise<ScanResult> {
  const domain = parsed.type === "address" ? parsed.domain : parsed.url.host;
  const body = await fetchServiceJson(parsed.url, policy);
  const tag = replyTag(body);
  if (tag === "payRequest") {
    const offer = readPayOffer(body, domain);
    return {
      ...EMPTY,
      kind: "pay",
      domain,
      description: offer.description,
      minMsat: offer.minMsat,
      maxMsat: offer.maxMsat,
      callback: offer.callback,
      lightningAddress: parsed.type === "address" ? parsed.address : offer.identifier,
      commentAllowed: offer.commentAllowed,
    };
  }
  if (parsed.type === "address") throw new AppError("lnurl_bad_response", `The Lightning Address service at ${domain} did not answer with a pay request.`);
  if (tag === "withdrawRequest") {
    const offer = readWithdrawOffer(body, domain);
    return { ...EMPTY, kind: "withdraw", domain, description: offer.description, minMsat: offer.minMsat, maxMsat: offer.maxMsat, callback: offer.callback };
  }
  if (tag) throw new AppError("validation_error", `That LNURL is a ${tag.slice(0, 40)}, which Sluice does not handle (pay, withdraw and auth only).`, "code");
  throw new AppError("lnurl_bad_response", `The service at ${domain} did not answer with an LNURL reply (no tag).`);
}

export async function scanCode(code: unknown, options: { policy: ServicePolicy; network: Network; now?: Date }): Promise<ScanResult> {
  const parsed = parseCode(code, options.policy);
  if (parsed.type === "invoice") return scanInvoice(parsed.invoice, options.network, options.now ?? new Date());
  if (parsed.type === "lnurl" && (parsed.scheme === "keyauth" || parsed.url.searchParams.get("tag") === "login")) return scanAuth(parsed.url);
  return scanService(parsed, options.policy);
}
