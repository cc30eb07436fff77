// The Nostr Wallet Connect connection URI (NIP-47, "Nostr Wallet Connect URI"):
//   nostr+walletconnect://<wallet service pubkey, 32-byte hex>?relay=<wss URL>[&relay=…]&secret=<32-byte hex>[&lud16=…]
// It carries the client's secret key, so it is a credential: nothing here ever repeats it, or any part of it,
// in an error message.

export type NwcConnection = {
  /** The wallet service's public key (x-only, lowercase hex). */
  walletPubkey: string;
  /** The relays the wallet service listens on (one or more, in the URI's order). */
  relays: string[];
  /** The client's secret key (lowercase hex): signs requests and derives the encryption keys. */
  secret: string;
  lud16: string | undefined;
};

const HEX32 = /^[0-9a-fA-F]{64}$/;
const LOOPBACK = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** Why the URI cannot be used (a sentence that names no part of it), or the connection it describes. */
export function parseNwcUrl(value: string): { ok: true; connection: NwcConnection } | { ok: false; problem: string } {
  const match = /^nostr\+walletconnect:(?:\/\/)?([^?#]*)\?([^#]*)$/i.exec(value.trim());
  if (!match) return { ok: false, problem: "must be a nostr+walletconnect://<wallet pubkey>?relay=wss://…&secret=… connection URI (NIP-47)" };
  const [, pubkey, query] = match;
  if (!HEX32.test(pubkey)) return { ok: false, problem: "must name the wallet service's public key (64 hex characters) after nostr+walletconnect://" };
  const params = new URLSearchParams(query);
  const relays = params.getAll("relay");
  if (relays.length === 0) return { ok: false, problem: "must have at least one relay=wss://… parameter" };
  for (const relay of relays) {
    const url = URL.canParse(relay) ? new URL(relay) : null;
    // Plain ws:// only on this machine (a relay beside the wallet service, or tests): elsewhere the relay's
    // connection must be TLS, even though NIP-47 contents are encrypted, so that its metadata is not on the wire.
    if (!url || !(url.protocol === "wss:" || (url.protocol === "ws:" && LOOPBACK.has(url.hostname)))) {
      return { ok: false, problem: "has a relay that is not a wss:// URL (ws:// is allowed only on 127.0.0.1, ::1 or localhost)" };
    }
  }
  const secret = params.get("secret");
  if (secret === null || !HEX32.test(secret)) return { ok: false, problem: "must have a secret= parameter of 64 hex characters" };
  return { ok: true, connection: { walletPubkey: pubkey.toLowerCase(), relays, secret: secret.toLowerCase(), lud16: params.get("lud16") ?? undefined } };
}
