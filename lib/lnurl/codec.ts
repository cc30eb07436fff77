// LUD-01: an LNURL is the bech32 encoding (hrp "lnurl", no length limit) of a URL; shown upper-case in QR
// codes (alphanumeric mode, smaller codes). LUD-17: the same URL with its scheme replaced by lnurlw://.
import { bech32 } from "bech32";

const NO_LIMIT = 2000;

export class LnurlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LnurlError";
  }
}

export function encodeLnurl(url: string): string {
  return bech32.encode("lnurl", bech32.toWords(Buffer.from(url, "utf8")), NO_LIMIT).toUpperCase();
}

/** The URL inside an LNURL (bech32, either case but not mixed, with or without "lightning:"), or a LUD-17 link. */
export function decodeLnurl(input: string): string {
  const value = input.trim().replace(/^lightning:/i, "");
  const lud17 = /^(lnurl[cwp]|keyauth):\/\//i.exec(value);
  if (lud17) {
    const rest = value.slice(lud17[0].length);
    const host = rest.split(/[/?#]/)[0] ?? "";
    return `${host.endsWith(".onion") ? "http" : "https"}://${rest}`;
  }
  if (value !== value.toLowerCase() && value !== value.toUpperCase()) throw new LnurlError("The LNURL mixes upper and lower case.");
  try {
    const { prefix, words } = bech32.decode(value.toLowerCase(), NO_LIMIT);
    if (prefix !== "lnurl") throw new LnurlError("This is not an LNURL.");
    return Buffer.from(bech32.fromWords(words)).toString("utf8");
  } catch (error) {
    if (error instanceof LnurlError) throw error;
    throw new LnurlError("The LNURL is not valid bech32.");
  }
}

/** LUD-17 form of an LNURL-withdraw URL. */
export function lnurlwLink(url: string): string {
  return url.replace(/^https?:\/\//, "lnurlw://");
}
