// A NIP-47 client over nostr-tools: one session per adapter call opens a WebSocket to each relay of the
// connection URI (undici's WebSocket: Node 20 has no global one), asks the wallet service with a signed,
// encrypted kind 23194 request and waits for its kind 23195 response, then closes.
//
// Encryption (nip-47.md, "Encryption"): NIP-44 v2 when the wallet's info event (kind 13194) lists `nip44_v2` in
// its `encryption` tag; NIP-04 when the tag is absent or lists only `nip04`. A request says its scheme in its own
// `encryption` tag (no tag: NIP-04, for wallets from before the tag); the response comes in the same scheme.
//
// Outcomes, as the adapter needs them: a relay that cannot be reached, or that refused the request (OK false) on
// every relay, means the wallet service never got it ("unreachable"); a request published but unanswered
// within the time limit may have been acted upon ("timeout").
import { AbstractRelay, type Subscription } from "nostr-tools/abstract-relay";
import type { Event } from "nostr-tools/core";
import * as nip04 from "nostr-tools/nip04";
import * as nip44 from "nostr-tools/nip44";
import { finalizeEvent, getPublicKey, verifyEvent } from "nostr-tools/pure";
import { WebSocket } from "undici";
import { BackendError } from "../http";
import type { NwcConnection } from "./connection-uri";
import { nwcResponse } from "./shapes";

export const NAME = "NWC";

export const INFO_KIND = 13194;
export const REQUEST_KIND = 23194;
export const RESPONSE_KIND = 23195;

export type Encryption = "nip44_v2" | "nip04";

export type WalletAnswer = { ok: true; result: unknown } | { ok: false; code: string; message: string };

export type RequestOptions = { timeoutMs: number; /** Unix seconds after which the wallet service must ignore the request (NIP-47 `expiration` tag). */ expiresAt?: number };

/** The info event's capabilities: the methods it lists (content) and the encryption to use with it. */
export type WalletCapabilities = { methods: string[]; encryption: Encryption };

// An OK false whose NIP-01 prefix says the relay turned the event away (nip-01.md: "OK" messages): it was not
// passed on. "duplicate:" (it had it already) and "error:" (the relay's own failure) may follow a delivery, and
// a closed connection or no OK at all proves nothing: those leave the outcome unknown.
const REFUSED = /^(blocked|rate-limited|invalid|pow|restricted|mute):/;

const hexToBytes = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));

/** A relay named without its path or query (which may hold a token): scheme and host only. */
export const relayName = (url: string) => (URL.canParse(url) ? new URL(url).host : "a relay");

/** The encryption NIP-47 says to use with a wallet whose info event has this `encryption` tag (or none). */
export function chooseEncryption(tag: string | undefined): Encryption {
  return tag?.split(/\s+/).includes("nip44_v2") ? "nip44_v2" : "nip04";
}

export class NwcClient {
  readonly secretKey: Uint8Array;
  readonly clientPubkey: string;
  private readonly conversationKey: Uint8Array;

  constructor(readonly connection: NwcConnection, private readonly connectTimeoutMs: number) {
    this.secretKey = hexToBytes(connection.secret);
    this.clientPubkey = getPublicKey(this.secretKey);
    this.conversationKey = nip44.v2.utils.getConversationKey(this.secretKey, connection.walletPubkey);
  }

  encrypt(plaintext: string, encryption: Encryption): string {
    return encryption === "nip44_v2" ? nip44.v2.encrypt(plaintext, this.conversationKey) : nip04.encrypt(this.secretKey, this.connection.walletPubkey, plaintext);
  }

  /** NIP-04 payloads are "<base64>?iv=<base64>"; NIP-44 v2 ones are one base64 string. */
  decrypt(payload: string): string {
    return payload.includes("?iv=") ? nip04.decrypt(this.secretKey, this.connection.walletPubkey, payload) : nip44.v2.decrypt(payload, this.conversationKey);
  }

  /** Connects to every relay of the URI; throws "unreachable" when none answers. The caller must close() it. */
  async open(): Promise<NwcSession> {
    const relays = this.connection.relays.map(
      (url) => new AbstractRelay(url, { verifyEvent, websocketImplementation: WebSocket as unknown as typeof globalThis.WebSocket }),
    );
    for (const relay of relays) relay.onnotice = () => {};
    const connected = await Promise.allSettled(relays.map((relay) => relay.connect({ timeout: this.connectTimeoutMs })));
    const open = relays.filter((_, i) => connected[i].status === "fulfilled");
    if (open.length === 0) {
      for (const relay of relays) relay.close();
      throw new BackendError(NAME, "unreachable", `cannot reach the relay (${this.connection.relays.map(relayName).join(", ")}): nothing was sent`);
    }
    return new NwcSession(this, open);
  }
}

export class NwcSession {
  constructor(
    private readonly client: NwcClient,
    private readonly relays: AbstractRelay[],
  ) {}

  close(): void {
    for (const relay of this.relays) relay.close();
  }

  /** The wallet service's newest info event (kind 13194) on the relays, or null when none holds one. */
  async capabilities(timeoutMs: number): Promise<WalletCapabilities | null> {
    const { walletPubkey } = this.client.connection;
    const events: Event[] = [];
    await Promise.all(
      this.relays.map(
        (relay) =>
          new Promise<void>((resolve) => {
            const sub = relay.subscribe([{ kinds: [INFO_KIND], authors: [walletPubkey], limit: 1 }], {
              onevent: (event) => events.push(event),
              // Bounded: a relay that never sends EOSE is given up after timeoutMs (oneose is then called too).
              eoseTimeout: timeoutMs,
              oneose: () => {
                sub.close();
                resolve();
              },
              onclose: () => resolve(),
            });
          }),
      ),
    );
    const newest = events.filter((e) => e.pubkey === walletPubkey).sort((a, b) => b.created_at - a.created_at)[0];
    if (!newest) return null;
    const tag = newest.tags.find((t) => t[0] === "encryption")?.[1];
    return { methods: newest.content.split(/\s+/).filter(Boolean), encryption: chooseEncryption(tag) };
  }

  /**
   * Sends one request and waits for its response. Throws "unreachable" when every relay refused the request
   * (it reached no wallet), "timeout" when no response came in time, "malformed" for a response that cannot
   * be read.
   */
  async request(method: string, params: Record<string, unknown>, encryption: Encryption, options: RequestOptions): Promise<WalletAnswer> {
    const { walletPubkey } = this.client.connection;
    const tags = [["p", walletPubkey]];
    // No tag means NIP-04 to a wallet service (nip-47.md, "Request events"): the oldest ones know no other.
    if (encryption === "nip44_v2") tags.push(["encryption", "nip44_v2"]);
    if (options.expiresAt !== undefined) tags.push(["expiration", String(options.expiresAt)]);
    const event = finalizeEvent(
      { kind: REQUEST_KIND, created_at: Math.floor(Date.now() / 1000), tags, content: this.client.encrypt(JSON.stringify({ method, params }), encryption) },
      this.client.secretKey,
    );

    let subs: Subscription[] = [];
    let timer: NodeJS.Timeout | undefined;
    try {
      const response = new Promise<Event>((resolve, reject) => {
        // Subscribed before the request is published: relays do not keep kind 2xxxx (ephemeral) events.
        subs = this.relays.map((relay) =>
          relay.subscribe([{ kinds: [RESPONSE_KIND], authors: [walletPubkey], "#e": [event.id] }], {
            onevent: (answer) => resolve(answer),
            eoseTimeout: options.timeoutMs,
          }),
        );
        timer = setTimeout(() => reject(new BackendError(NAME, "timeout", `${method}: no response from the wallet service within ${Math.round(options.timeoutMs / 1000)} s`)), options.timeoutMs);
        const published = this.relays.map((relay) => {
          relay.publishTimeout = options.timeoutMs;
          return relay.publish(event).then(
            () => "accepted" as const,
            (error: Error) => (REFUSED.test(error.message) ? ("refused" as const) : ("unanswered" as const)),
          );
        });
        void Promise.all(published).then((outcomes) => {
          if (outcomes.every((o) => o === "refused")) {
            reject(new BackendError(NAME, "unreachable", `${method}: every relay refused the request, so no wallet service received it`));
          }
        });
      });
      const answer = await response;
      return this.read(method, answer);
    } finally {
      clearTimeout(timer);
      for (const sub of subs) sub.close();
    }
  }

  private read(method: string, event: Event): WalletAnswer {
    let json: unknown;
    try {
      json = JSON.parse(this.client.decrypt(event.content));
    } catch {
      throw new BackendError(NAME, "malformed", `${method}: the wallet service's response cannot be decrypted or is not JSON`);
    }
    const parsed = nwcResponse.safeParse(json);
    if (!parsed.success) throw new BackendError(NAME, "malformed", `${method}: the response does not have NIP-47's shape`);
    const { result_type: resultType, error, result } = parsed.data;
    if (error) return { ok: false, code: error.code, message: error.message.slice(0, 300) };
    if (resultType !== method) throw new BackendError(NAME, "malformed", `${method}: the response is for "${resultType.slice(0, 40)}"`);
    return { ok: true, result };
  }
}
