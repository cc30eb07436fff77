// LUD-01: an LNURL is the bech32 encoding (hrp "lnurl", no length limit) of a URL; shown upper-case in QR
// codes (alphanumeric mode, smaller codes). LUD-17: the same URL with its scheme replaced by lnurlw://.
import { bech32 } from "bech32";
import { AppError, isAppError } from "../errors";

const NO_LIMIT = 2000;

// An input that is not an LNURL is the caller's validation_error; callers name the field and word the context.
const notAnLnurl = (message: string) => new AppError("validation_error", message);

export function encodeLnurl(url: string): string {
  return bech32.encode("lnurl", bech32.toWords(Buffer.from(url, "utf8")), NO_LIMIT).toUpperCase();
}

/**
 * The URL inside an LNURL (bech32, either case but not mixed, with or without "lightning:"), or a LUD-17 link.
 * Anything else throws a validation_error saying why.
 */
export function decodeLnurl(input: string): string {
  const value = input.trim().replace(/^lightning:/i, "");
  const lud17 = /^(lnurl[cwp]|keyauth):\/\//i.exec(value);
  if (lud17) {
    const rest = value.slice(lud17[0].length);
    const host = rest.split(/[/?#]/)[0] ?? "";
    return `${host.endsWith(".onion") ? "http" : "https"}://${rest}`;
  }
  if (value !== value.toLowerCase() && value !== value.toUpperCase()) throw notAnLnurl("The LNURL mixes upper and lower case.");
  try {
    const { prefix, words } = bech32.decode(value.toLowerCase(), NO_LIMIT);
    if (prefix !== "lnurl") throw notAnLnurl("This is not an LNURL.");
    return Buffer.from(bech32.fromWords(words)).toString("utf8");
  } catch (error) {
    if (isAppError(error)) throw error;
    throw notAnLnurl("The LNURL is not valid bech32.");
  }
}

/** LUD-17 form of an LNURL-withdraw URL. */
export function lnurlwLink(url: string): string {
  return url.replace(/^https?:\/\//, "lnurlw://");
}
