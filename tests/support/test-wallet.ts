// A test wallet that does what a phone wallet does with an LNURL-withdraw, over real HTTP: decode the LNURL,
// GET the first step (twice, as wallets do), sign an invoice with its own node key, call back.
import { createHash, randomBytes } from "node:crypto";
import { secp256k1 } from "@noble/curves/secp256k1.js";
import { signInvoice, type InvoiceInput, type Network } from "@/lib/bolt11";
import { decodeLnurl } from "@/lib/lnurl/codec";

export type WithdrawRequest = {
  tag: string;
  callback: string;
  k1: string;
  defaultDescription: string;
  minWithdrawable: number;
  maxWithdrawable: number;
};

export type LnurlReply = { status: "OK" } | { status: "ERROR"; reason: string };

export class TestWallet {
  readonly privateKey = secp256k1.utils.randomSecretKey();
  readonly pubkey = Buffer.from(secp256k1.getPublicKey(this.privateKey, true)).toString("hex");

  constructor(
    readonly network: Network = "regtest",
    // Where requests really go (a load balancer in front of several instances): replaces the URL's origin.
    private readonly route: (url: string) => string = (url) => url,
    // The wallet's HTTP client (one that trusts a particular certificate authority, say).
    private readonly http: (url: string | URL) => Promise<Response> = fetch,
  ) {}

  async firstStep(lnurl: string): Promise<WithdrawRequest | LnurlReply> {
    const res = await this.http(this.route(decodeLnurl(lnurl)));
    if (res.status !== 200) throw new Error(`First step answered HTTP ${res.status}`);
    return (await res.json()) as WithdrawRequest | LnurlReply;
  }

  invoice(amountMsat: bigint | null, overrides: Partial<InvoiceInput> = {}, key: Uint8Array = this.privateKey): string {
    const preimage = randomBytes(32);
    return signInvoice(
      {
        network: this.network,
        amountMsat,
        paymentHash: createHash("sha256").update(preimage).digest("hex"),
        paymentSecret: randomBytes(32).toString("hex"),
        description: "withdraw",
        expirySeconds: 3600,
        ...overrides,
      },
      key,
    );
  }

  /**
   * An invoice whose payment hash is of a preimage only this wallet (its payee) knows, returned with it: whoever
   * pays the invoice learns the preimage by paying (a fake node is told it through FakeNode.payeePreimages).
   */
  payableInvoice(amountMsat: bigint, description: string): { invoice: string; paymentHash: string; preimage: string } {
    const preimage = randomBytes(32);
    const paymentHash = createHash("sha256").update(preimage).digest("hex");
    return { invoice: this.invoice(amountMsat, { paymentHash, description }), paymentHash, preimage: preimage.toString("hex") };
  }

  async callback(request: Pick<WithdrawRequest, "callback" | "k1">, pr: string, k1 = request.k1): Promise<{ reply: LnurlReply; headers: Headers }> {
    const url = new URL(this.route(request.callback));
    url.searchParams.set("k1", k1);
    url.searchParams.set("pr", pr);
    const res = await this.http(url);
    if (res.status !== 200) throw new Error(`Callback answered HTTP ${res.status}`);
    return { reply: (await res.json()) as LnurlReply, headers: res.headers };
  }

  /** The whole pull: first step twice (it must not change), an invoice for the maximum, the callback. */
  async withdraw(lnurl: string): Promise<{ request: WithdrawRequest; invoice: string; reply: LnurlReply }> {
    const first = await this.firstStep(lnurl);
    const again = await this.firstStep(lnurl);
    if (!("tag" in first)) throw new Error(`First step refused: ${JSON.stringify(first)}`);
    if (JSON.stringify(first) !== JSON.stringify(again)) throw new Error("The first step changed between two calls.");
    const invoice = this.invoice(BigInt(first.maxWithdrawable), { description: first.defaultDescription });
    const { reply } = await this.callback(first, invoice);
    return { request: first, invoice, reply };
  }
}
