// What a pasted or scanned code is, before anything is fetched: a BOLT 11 invoice, an LNURL (bech32, LUD-01,
// or a LUD-17 link: lnurlp://, lnurlw://, lnurlc://, keyauth://), or a Lightning Address (LUD-16). Each
// with or without a "lightning:" prefix, in either case.
import { AppError, isAppError } from "../errors";
import { decodeLnurl } from "../lnurl/codec";
import { hostOf, isLocalHost } from "../outbound/target-policy";
import type { ServicePolicy } from "./service-policy";

export type ParsedCode =
  | { type: "invoice"; invoice: string }
  | { type: "lnurl"; url: URL; scheme: "lnurl" | "lnurlp" | "lnurlw" | "lnurlc" | "keyauth" }
  | { type: "address"; address: string; username: string; domain: string; url: URL };

export const MAX_CODE_LENGTH = 4000;

// LUD-16: the user name is a-z, 0-9, "-", "_", "." and "+"; the domain a host name (a port only for testing).
const ADDRESS = /^([a-z0-9\-_.+]+)@([a-z0-9\-.]+\.[a-z0-9\-]+|localhost|\d{1,3}(?:\.\d{1,3}){3})(:\d{1,5})?$/;

const invalid = (message: string, param: string) => new AppError("validation_error", message, param);

function serviceScheme(host: string, policy: ServicePolicy): "http:" | "https:" {
  // LUD-01 and LUD-16: https, except .onion; local test servers (allowed only by configuration) speak http.
  return host.endsWith(".onion") || (policy.allowPrivate && isLocalHost(host)) ? "http:" : "https:";
}

function parseLnurl(value: string, policy: ServicePolicy, param: string): ParsedCode {
  let raw: string;
  try {
    raw = decodeLnurl(value);
  } catch (error) {
    if (isAppError(error)) throw invalid(`That is not a valid LNURL: ${error.message}`, param);
    throw error;
  }
  if (!URL.canParse(raw)) throw invalid("The LNURL does not contain a web address.", param);
  const url = new URL(raw);
  const lud17 = /^(lnurlp|lnurlw|lnurlc|keyauth):\/\//i.exec(value)?.[1]?.toLowerCase() as "lnurlp" | "lnurlw" | "lnurlc" | "keyauth" | undefined;
  if (lud17) url.protocol = serviceScheme(hostOf(url), policy);
  return { type: "lnurl", url, scheme: lud17 ?? "lnurl" };
}

export function parseCode(input: unknown, policy: ServicePolicy, param = "code"): ParsedCode {
  if (typeof input !== "string" || input.trim() === "") throw invalid("Give an LNURL, a Lightning Address or a BOLT 11 invoice.", param);
  if (input.length > MAX_CODE_LENGTH) throw invalid(`That is too long (over ${MAX_CODE_LENGTH} characters) to be an LNURL, a Lightning Address or an invoice.`, param);
  const value = input.trim().replace(/^lightning:/i, "").trim();
  const lower = value.toLowerCase();
  if (/^(lnurl[pwc]|keyauth):\/\//.test(lower) || lower.startsWith("lnurl1")) return parseLnurl(value, policy, param);
  if (/^ln[0-9a-z]+$/.test(lower)) return { type: "invoice", invoice: lower };
  if (value.includes("@")) {
    const match = ADDRESS.exec(lower);
    if (!match) throw invalid(`"${value.slice(0, 80)}" is not a Lightning Address (user@domain, LUD-16).`, param);
    const [, username, host, port = ""] = match;
    const url = new URL(`${serviceScheme(host, policy)}//${host}${port}/.well-known/lnurlp/${username}`);
    return { type: "address", address: `${username}@${host}${port}`, username, domain: `${host}${port}`, url };
  }
  throw invalid("That is not an LNURL (lnurl1…, lnurlp://, lnurlw://, keyauth://), a Lightning Address (user@domain) or a BOLT 11 invoice (lnbc…).", param);
}
