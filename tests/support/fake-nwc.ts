// A Nostr relay and a Nostr Wallet Connect wallet service on 127.0.0.1, for the NWC adapter's tests.
//
// The relay (NIP-01, tests/fixtures/node-apis/nwc/nip-01.md): ["EVENT", e] answered ["OK", id, true|false,
// "<prefix>: …"] after checking the event's id and signature; ["REQ", sub, filters…] answered with the stored
// events that match, then ["EOSE", sub], then every new matching event; ["CLOSE", sub]. Replaceable kinds
// (10000–19999) keep only the newest event per pubkey and kind; ephemeral kinds (20000–29999) are passed on and
// never stored. It can be made `silent` (accepts connections, answers nothing) or `refuse` every EVENT.
//
// The wallet service (NIP-47, nip-47.md) is a client of that relay: it publishes its info event (kind 13194,
// with or without an `encryption` tag), takes kind 23194 requests to its pubkey from the connection's client,
// decrypts them with the scheme their `encryption` tag names (none: NIP-04), ignores them past their
// `expiration` tag, acts on a FakeNode, and answers kind 23195 with `p` and `e` tags in the same scheme. Each
// payment's fate is the FakeNode's script: "succeed" (a result), "fail" (PAYMENT_FAILED), "hang"/"in_flight"/
// "drop" (no response; the payment stays pending), "server_error" (INTERNAL; the payment stays pending).
// Every response sent is checked against nip-47.md (tests/support/nwc-definition.ts): its result fields are
// ones the method's "Response:" names, its error code one NIP-47 defines.
import type { AddressInfo } from "node:net";
import { AbstractRelay } from "nostr-tools/abstract-relay";
import type { Event } from "nostr-tools/core";
import { matchFilters, type Filter } from "nostr-tools/filter";
import * as nip04 from "nostr-tools/nip04";
import * as nip44 from "nostr-tools/nip44";
import { finalizeEvent, generateSecretKey, getPublicKey, verifyEvent } from "nostr-tools/pure";
import { WebSocket as UndiciWebSocket } from "undici";
import { WebSocketServer, type WebSocket } from "ws";
import { decodeInvoice } from "@/lib/bolt11";
import { parseNwcUrl, type NwcConnection } from "@/lib/lightning/nwc/connection-uri";
import { FakeNode, type FakeServer } from "./fake-lightning";
import { NIP47_ERROR_CODES, nip47Definition } from "./nwc-definition";

export type FakeRelay = {
  url: string;
  /** Accept connections but answer nothing (no OK, no EOSE, no events). */
  silent: boolean;
  /** Answer every EVENT with OK false, "blocked: …". */
  refuse: boolean;
  /** Every event received (accepted or not), in order. */
  received: Event[];
  /** Called with each event the relay accepted, after passing it on. */
  onEvent: ((event: Event) => void) | undefined;
  /** Passes an event on to the matching subscriptions as it is, unchecked (a relay that forwards forgeries). */
  inject(event: Event): void;
  close(): Promise<void>;
};

type Sub = { socket: WebSocket; id: string; filters: Filter[] };

/** A relay on 127.0.0.1, on `port` (a relay brought back where it was), else on any free one. It stores nothing across restarts. */
export async function startFakeRelay(options: { port?: number } = {}): Promise<FakeRelay> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: options.port ?? 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", () => resolve());
    server.once("error", reject);
  });
  const stored: Event[] = [];
  const subs: Sub[] = [];
  const relay: FakeRelay = {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    silent: false,
    refuse: false,
    received: [],
    onEvent: undefined,
    inject: (event) => {
      for (const sub of subs) if (matchFilters(sub.filters, event)) send(sub.socket, ["EVENT", sub.id, event]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
  const send = (socket: WebSocket, message: unknown[]) => socket.send(JSON.stringify(message));

  server.on("connection", (socket) => {
    socket.on("close", () => subs.splice(0, subs.length, ...subs.filter((s) => s.socket !== socket)));
    socket.on("message", (data) => {
      if (relay.silent) return;
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        return send(socket, ["NOTICE", "invalid: not JSON"]);
      }
      if (!Array.isArray(message)) return send(socket, ["NOTICE", "invalid: not an array"]);
      const [type, ...rest] = message as [string, ...unknown[]];
      if (type === "EVENT") {
        const event = rest[0] as Event;
        relay.received.push(event);
        if (!verifyEvent(event)) return send(socket, ["OK", event?.id ?? "", false, "invalid: bad id or signature"]);
        if (relay.refuse) return send(socket, ["OK", event.id, false, "blocked: this relay takes no events"]);
        const ephemeral = event.kind >= 20000 && event.kind < 30000;
        const replaceable = event.kind >= 10000 && event.kind < 20000;
        if (replaceable) {
          const older = stored.findIndex((e) => e.kind === event.kind && e.pubkey === event.pubkey);
          if (older >= 0) stored.splice(older, 1);
        }
        if (!ephemeral) stored.push(event);
        send(socket, ["OK", event.id, true, ""]);
        for (const sub of subs) if (matchFilters(sub.filters, event)) send(sub.socket, ["EVENT", sub.id, event]);
        relay.onEvent?.(event);
      } else if (type === "REQ") {
        const [id, ...filters] = rest as [string, ...Filter[]];
        subs.splice(0, subs.length, ...subs.filter((s) => !(s.socket === socket && s.id === id)));
        subs.push({ socket, id, filters });
        for (const event of stored) if (matchFilters(filters, event)) send(socket, ["EVENT", id, event]);
        send(socket, ["EOSE", id]);
      } else if (type === "CLOSE") {
        const id = rest[0];
        subs.splice(0, subs.length, ...subs.filter((s) => !(s.socket === socket && s.id === id)));
      }
    });
  });
  return relay;
}

export type NwcRequestSeen = { method: string; params: Record<string, unknown>; encryption: "nip44_v2" | "nip04"; tags: string[][] };

/** The secret keys of a connection: the wallet service's and its client's (the one NWC_URL carries). */
export type WalletKeys = { wallet: Uint8Array; client: Uint8Array };

export type FakeWallet = FakeServer & {
  node: FakeNode;
  relay: FakeRelay;
  /** Given to startFakeWallet again (with the relay's port), they bring this wallet back under the same nwcUrl. */
  keys: WalletKeys;
  /** The connection URI a user would paste into NWC_URL. */
  nwcUrl: string;
  walletPubkey: string;
  clientPubkey: string;
  /** What get_info lists for this connection, and its network name. */
  methods: string[];
  network: string;
  /** Answer a method with this error code instead of acting. */
  errors: Map<string, string>;
  /** Methods that get no response at all. */
  silentMethods: Set<string>;
  /** Requests decrypted, in order. */
  requests: NwcRequestSeen[];
  /** Requests ignored because their expiration had passed. */
  expired: number;
  /** Publishes (again) the info event, with this `encryption` tag, or none. */
  publishInfo(encryptionTag: string | undefined): Promise<void>;
};

const NETWORK_NAME = { bitcoin: "mainnet", testnet: "testnet", signet: "signet", regtest: "regtest" } as const;
const ALL_METHODS = ["pay_invoice", "get_balance", "make_invoice", "lookup_invoice", "get_info"];

/**
 * Starts a relay and a wallet service on it; `encryptionTag` is the info event's (undefined: no tag, NIP-04 only).
 * `port` and `keys` bring "the same wallet" back after it was closed: its relay on the same port, the same
 * wallet service and client keys, so the same nwcUrl; the wallet service publishes its info event again on
 * the new relay, which has kept nothing.
 */
export async function startFakeWallet(
  node = new FakeNode(),
  encryptionTag: string | undefined = "nip44_v2 nip04",
  options: { port?: number; keys?: WalletKeys } = {},
): Promise<FakeWallet> {
  const relayServer = await startFakeRelay({ port: options.port });
  const walletKey = options.keys?.wallet ?? generateSecretKey();
  const clientKey = options.keys?.client ?? generateSecretKey();
  const walletPubkey = getPublicKey(walletKey);
  const clientPubkey = getPublicKey(clientKey);
  const conversationKey = nip44.v2.utils.getConversationKey(walletKey, clientPubkey);
  const definition = nip47Definition();
  const violations: string[] = [];
  const checked = { count: 0 };

  const relay = new AbstractRelay(relayServer.url, { verifyEvent, websocketImplementation: UndiciWebSocket as unknown as typeof globalThis.WebSocket });
  relay.onnotice = () => {};
  await relay.connect({ timeout: 2000 });

  /** Checks a response against nip-47.md before it is sent. */
  function check(method: string, response: { result_type: string; error: { code: string; message: string } | null; result: Record<string, unknown> | null }) {
    checked.count++;
    const known = definition.methods[method];
    if (!known) return violations.push(`${method}: not a NIP-47 command`);
    if (response.result_type !== method) violations.push(`${method}: result_type ${response.result_type}`);
    if (response.error && !NIP47_ERROR_CODES(definition).includes(response.error.code)) violations.push(`${method}: error code ${response.error.code} is not NIP-47's`);
    for (const field of Object.keys(response.result ?? {})) if (!known.result.includes(field)) violations.push(`${method}: result field ${field} is not in nip-47.md`);
  }

  const state: FakeWallet = {
    url: `nostr+walletconnect://${walletPubkey}`,
    node,
    relay: relayServer,
    keys: { wallet: walletKey, client: clientKey },
    nwcUrl: `nostr+walletconnect://${walletPubkey}?relay=${encodeURIComponent(relayServer.url)}&secret=${Buffer.from(clientKey).toString("hex")}&lud16=sluice%40example.com`,
    walletPubkey,
    clientPubkey,
    methods: [...ALL_METHODS],
    network: NETWORK_NAME[node.network],
    errors: new Map(),
    silentMethods: new Set(),
    requests: [],
    expired: 0,
    violations,
    checked,
    publishInfo: async (tag) => {
      const tags = tag === undefined ? [] : [["encryption", tag]];
      await relay.publish(finalizeEvent({ kind: 13194, created_at: Math.floor(Date.now() / 1000), tags, content: ALL_METHODS.join(" ") }, walletKey));
    },
    close: async () => {
      relay.close();
      await relayServer.close();
      if (violations.length > 0) throw new Error(`the fake wallet service answered what NIP-47 does not allow:\n${violations.join("\n")}`);
    },
  };

  const tx = (p: { hash: string; invoice: string; preimage: string; amountMsat: bigint }, type: "incoming" | "outgoing", settled: boolean, extra: Record<string, unknown>) => ({
    type,
    state: settled ? "settled" : "pending",
    invoice: p.invoice,
    payment_hash: p.hash,
    amount: Number(p.amountMsat),
    created_at: Math.floor(Date.now() / 1000),
    ...(settled ? { preimage: p.preimage, settled_at: Math.floor(Date.now() / 1000) } : {}),
    ...extra,
  });

  type Reply = { error: { code: string; message: string } } | { result: Record<string, unknown> } | null;

  function act(method: string, params: Record<string, unknown>): Reply {
    const error = state.errors.get(method);
    if (error) return { error: { code: error, message: `fake: ${error}` } };
    switch (method) {
      case "get_info":
        return { result: { alias: node.alias, color: "#3399ff", pubkey: node.pubkey, network: state.network, block_height: 1, block_hash: "00".repeat(32), methods: state.methods } };
      case "get_balance":
        return { result: { balance: Number(node.balanceMsat) } };
      case "make_invoice": {
        const invoice = node.createInvoice(BigInt(params.amount as number), String(params.description ?? ""), Number(params.expiry ?? 3600));
        return { result: tx({ ...invoice, amountMsat: invoice.amountMsat }, "incoming", false, { description: invoice.description, expires_at: invoice.createdAt + invoice.expiry, fees_paid: 0 }) };
      }
      case "lookup_invoice": {
        const hash = String(params.payment_hash);
        node.lookups.push(hash);
        const payment = node.payments.get(hash);
        if (payment) {
          const state_ = payment.status === "failed" ? { state: "failed" } : {};
          return { result: { ...tx(payment, "outgoing", payment.status === "succeeded", { fees_paid: Number(payment.feeMsat) }), ...state_ } };
        }
        const invoice = node.invoices.get(hash);
        if (invoice) {
          return { result: tx({ ...invoice, amountMsat: invoice.settled ? invoice.receivedMsat : invoice.amountMsat }, "incoming", invoice.settled, { fees_paid: 0 }) };
        }
        return { error: { code: "NOT_FOUND", message: "invoice not found" } };
      }
      case "pay_invoice": {
        const invoice = String(params.invoice);
        decodeInvoice(invoice);
        const { payment, behaviour } = node.startPayment(invoice);
        if (behaviour === "succeed") return { result: { preimage: payment.preimage, fees_paid: Number(payment.feeMsat) } };
        if (behaviour === "fail") return { error: { code: "PAYMENT_FAILED", message: payment.failure ?? "no route" } };
        if (behaviour === "server_error") return { error: { code: "INTERNAL", message: "fake: the node's API failed" } };
        return null; // hang, in_flight, drop: no response; the payment stays pending
      }
      default:
        return { error: { code: "NOT_IMPLEMENTED", message: `${method} is not implemented` } };
    }
  }

  relay.subscribe([{ kinds: [23194], "#p": [walletPubkey] }], {
    onevent: (event) => {
      const encryption = event.tags.find((t) => t[0] === "encryption")?.[1] === "nip44_v2" ? "nip44_v2" : "nip04";
      const expiration = event.tags.find((t) => t[0] === "expiration")?.[1];
      if (expiration !== undefined && Number(expiration) < Math.floor(Date.now() / 1000)) {
        state.expired++;
        return;
      }
      const respond = (method: string, reply: Exclude<Reply, null>) => {
        const response = { result_type: method, error: "error" in reply ? reply.error : null, result: "result" in reply ? reply.result : null };
        check(method, response);
        const plaintext = JSON.stringify(response);
        const content = encryption === "nip44_v2" ? nip44.v2.encrypt(plaintext, conversationKey) : nip04.encrypt(walletKey, clientPubkey, plaintext);
        void relay.publish(finalizeEvent({ kind: 23195, created_at: Math.floor(Date.now() / 1000), tags: [["p", event.pubkey], ["e", event.id]], content }, walletKey)).catch(() => {});
      };
      // Only this connection's client is served (a real wallet answers others UNAUTHORIZED; none write here).
      if (event.pubkey !== clientPubkey) return;
      let request: { method: string; params: Record<string, unknown> };
      try {
        const plaintext = encryption === "nip44_v2" ? nip44.v2.decrypt(event.content, conversationKey) : nip04.decrypt(walletKey, clientPubkey, event.content);
        request = JSON.parse(plaintext);
      } catch {
        violations.push("a request that cannot be decrypted with the scheme its encryption tag names");
        return;
      }
      state.requests.push({ method: request.method, params: request.params, encryption, tags: event.tags });
      const knownRequest = definition.methods[request.method];
      if (!knownRequest) violations.push(`request: ${request.method} is not a NIP-47 command`);
      for (const field of Object.keys(request.params ?? {})) if (knownRequest && !knownRequest.params.includes(field)) violations.push(`request ${request.method}: param ${field} is not in nip-47.md`);
      if (state.silentMethods.has(request.method)) return;
      const reply = act(request.method, request.params ?? {});
      if (reply) respond(request.method, reply);
    },
  });
  await state.publishInfo(encryptionTag);
  return state;
}

/** The connection a wallet's NWC_URL names, as Sluice's configuration reads it; a URI it refuses throws. */
export function nwcConnectionOf(url: string): NwcConnection {
  const parsed = parseNwcUrl(url);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.connection;
}
