// An LNURL-auth service (LUD-04) on loopback, as a site that offers "log in with Lightning" runs one: it hands
// out login links with a fresh k1 each, and its callback accepts a k1 it issued once, checking the DER `sig`
// over k1 for the compressed `key` with lnurl-node's verifier (the reference LNURL server, which checks with the
// `secp256k1` package: another implementation than the @noble code Sluice signs with). It answers
// {"status":"OK"}, or {"status":"ERROR","reason"} for an unknown k1, a bad signature, or a link made to refuse.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { encodeLnurl } from "@/lib/lnurl/codec";

type Verify = (sig: string, k1: string, key: string) => boolean;
const verifyAuthorizationSignature = createRequire(path.join(process.cwd(), "package.json"))("lnurl/lib/verifyAuthorizationSignature") as Verify;

export const REFUSAL_REASON = "Wallets of this kind are not accepted here";

export type AuthCall = { path: string; query: string; k1: string; key: string; sig: string; verdict: "OK" | "ERROR"; reason: string | null };

export type FakeLnurlAuthService = {
  /** host:port */
  domain: string;
  /** Every callback it received, in order. */
  calls: AuthCall[];
  /** The keys it signed in, by the action of their link. */
  signedIn: { key: string; action: string | null }[];
  /** A login URL with a fresh k1; `refuse` makes the service answer ERROR even to a good signature. */
  loginUrl: (options?: { action?: string | null; refuse?: boolean; extra?: string }) => string;
  /** The same as a bech32 LNURL (upper case, as QR codes show it). */
  lnurl: (options?: { action?: string | null; refuse?: boolean }) => string;
  close: () => Promise<void>;
};

function send(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" });
  res.end(JSON.stringify(body));
}

export async function startFakeLnurlAuthService(host = "127.0.0.1"): Promise<FakeLnurlAuthService> {
  const pending = new Set<string>();
  const calls: AuthCall[] = [];
  const signedIn: FakeLnurlAuthService["signedIn"] = [];
  let base = "";

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", base);
    const q = url.searchParams;
    const [k1, key, sig] = [q.get("k1") ?? "", q.get("key") ?? "", q.get("sig") ?? ""];
    const answer = (verdict: "OK" | "ERROR", reason: string | null = null) => {
      calls.push({ path: url.pathname, query: url.search, k1, key, sig, verdict, reason });
      send(res, verdict === "OK" ? { status: "OK" } : { status: "ERROR", reason });
    };
    if (q.get("tag") !== "login") return answer("ERROR", "tag must be login");
    if (!pending.has(k1)) return answer("ERROR", "Unknown or already used k1");
    let valid = false;
    try {
      valid = /^0[23][0-9a-f]{64}$/.test(key) && verifyAuthorizationSignature(sig, k1, key);
    } catch {
      valid = false;
    }
    if (!valid) return answer("ERROR", "Invalid signature");
    pending.delete(k1);
    if (url.pathname === "/refuse") return answer("ERROR", REFUSAL_REASON);
    signedIn.push({ key, action: q.get("action") });
    answer("OK");
  }

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://${host}:${port}`;

  const loginUrl: FakeLnurlAuthService["loginUrl"] = ({ action = "login", refuse = false, extra = "" } = {}) => {
    const k1 = randomBytes(32).toString("hex");
    pending.add(k1);
    return `${base}/${refuse ? "refuse" : "auth"}?tag=login&k1=${k1}${action ? `&action=${action}` : ""}${extra}`;
  };

  return {
    domain: `${host}:${port}`,
    calls,
    signedIn,
    loginUrl,
    lnurl: (options) => encodeLnurl(loginUrl(options)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
