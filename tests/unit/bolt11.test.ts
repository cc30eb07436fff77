import { secp256k1 } from "@noble/curves/secp256k1.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, concatBytes, hexToBytes, randomBytes, utf8ToBytes } from "@noble/hashes/utils.js";
import { bech32 } from "bech32";
import { decode as lightDecode } from "light-bolt11-decoder";
import { describe, expect, it } from "vitest";
import {
  checkInvoice,
  decodeInvoice,
  InvoiceError,
  signInvoice,
  type InvoiceCheck,
  type InvoiceErrorCode,
  type InvoiceInput,
  type Network,
} from "@/lib/bolt11";
import { readInvoicePrefix } from "@/lib/bolt11/hrp";
import bolt11Vectors from "../vectors/bolt11.json";

const SPEC_PAYEE = "03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad";
const SPEC_PAYMENT_HASH = "0001020304050607080900010203040506070809000102030405060708090102";
const SPEC_SECRET = "11".repeat(32);
const SPEC_TIMESTAMP = 1496314658;
// The key that signed the spec's examples.
const PRIVATE_KEY = hexToBytes("e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734");
const HIGH_S_TITLE = "Public-key recovery with high-S signature";

type Vector = { title: string; invoice: string; valid: boolean };
const vectors: Vector[] = bolt11Vectors.vectors;

function vector(titleStart: string): Vector {
  const found = vectors.filter((v) => v.title.startsWith(titleStart));
  if (found.length !== 1) throw new Error(`expected one vector titled "${titleStart}…", found ${found.length}`);
  return found[0];
}

function refusal(run: () => unknown): InvoiceError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvoiceError) return error;
    throw error;
  }
  throw new Error("expected an InvoiceError, but nothing was thrown");
}

// An independent rendering of the BOLT 11 signed message (bit string, zero-padded to bytes), so the test does
// not lean on the module's own word conversion.
function signedMessageHash(invoice: string): Uint8Array {
  const { prefix, words } = bech32.decode(invoice, Number.MAX_SAFE_INTEGER);
  return messageHash(prefix, words.slice(0, -104));
}

function messageHash(hrp: string, dataWords: number[]): Uint8Array {
  let bits = dataWords.map((w) => w.toString(2).padStart(5, "0")).join("");
  bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, "0");
  const data = Uint8Array.from(bits.match(/.{8}/g) ?? [], (byte) => parseInt(byte, 2));
  return sha256(concatBytes(utf8ToBytes(hrp), data));
}

// A minimal writer, independent of signInvoice, for invoices signInvoice would never produce.
const TIMESTAMP_WORDS = [0, 0, 0, 0, 0, 0, 0].map((_, i) => Math.floor(SPEC_TIMESTAMP / 32 ** (6 - i)) % 32);
const hexWords = (hex: string) => bech32.toWords(hexToBytes(hex));
const field = (type: number, words: number[]) => [type, words.length >> 5, words.length & 31, ...words];
const P = (hex = SPEC_PAYMENT_HASH) => field(1, hexWords(hex));
const S = field(16, hexWords(SPEC_SECRET));
const D = field(13, bech32.toWords(utf8ToBytes("raw")));

function signRaw(fields: number[][], hrp = "lnbc10u"): string {
  const data = [...TIMESTAMP_WORDS, ...fields.flat()];
  const signed = secp256k1.sign(messageHash(hrp, data), PRIVATE_KEY, { prehash: false, format: "recovered" });
  const signature = concatBytes(signed.subarray(1), signed.subarray(0, 1));
  return bech32.encode(hrp, [...data, ...bech32.toWords(signature)], Number.MAX_SAFE_INTEGER);
}

/** Replaces one data word and recomputes the checksum, so only the signature can notice. */
function tamper(invoice: string, wordIndex: number): string {
  const { prefix, words } = bech32.decode(invoice, Number.MAX_SAFE_INTEGER);
  const changed = [...words];
  changed[wordIndex] ^= 1;
  return bech32.encode(prefix, changed, Number.MAX_SAFE_INTEGER);
}

type LightSection = ReturnType<typeof lightDecode>["sections"][number];
function lightValue(invoice: string, name: LightSection["name"]): unknown {
  const section = lightDecode(invoice).sections.find((s) => s.name === name);
  return section && "value" in section ? section.value : undefined;
}

describe("decodeInvoice on the BOLT 11 vectors", () => {
  const valid = vectors.filter((v) => v.valid && v.title !== HIGH_S_TITLE);

  it("has the vectors it is meant to cover", () => {
    expect(valid.length).toBeGreaterThanOrEqual(12);
    expect(vectors.filter((v) => !v.valid)).toHaveLength(Object.keys(INVALID_CODES).length);
  });

  it.each(valid.map((v) => [v.title, v.invoice]))("accepts: %s", (_title, invoice) => {
    const decoded = decodeInvoice(invoice);
    expect(decoded.payeePubkey).toBe(SPEC_PAYEE);
    expect(decoded.invoice).toBe(invoice.toLowerCase());
    expect(decoded.paymentSecret).toBe(SPEC_SECRET);
    // All but the pico-bitcoin example share the payment hash and the timestamp.
    if (!invoice.startsWith("lnbc9678785340p")) {
      expect(decoded.paymentHash).toBe(SPEC_PAYMENT_HASH);
      expect(decoded.timestamp).toBe(SPEC_TIMESTAMP);
    }
    // The signature checks out independently of the decoder, and it is the canonical low-S form.
    const signature = hexToBytes(decoded.signature);
    expect(signature).toHaveLength(64);
    expect(secp256k1.verify(signature, signedMessageHash(invoice), hexToBytes(SPEC_PAYEE), { prehash: false })).toBe(true);
  });

  it("recovers a payee from a high-S signature", () => {
    const invoice = vector(HIGH_S_TITLE).invoice;
    const decoded = decodeInvoice(invoice);
    expect(decoded.payeePubkey).toMatch(/^0[23][0-9a-f]{64}$/);
    expect(secp256k1.Signature.fromBytes(hexToBytes(decoded.signature), "compact").hasHighS()).toBe(true);
    const hash = signedMessageHash(invoice);
    expect(secp256k1.verify(hexToBytes(decoded.signature), hash, hexToBytes(decoded.payeePubkey), { prehash: false, lowS: false })).toBe(true);
  });

  it("reads the donation invoice: no amount, defaults for expiry and CLTV", () => {
    expect(decodeInvoice(vector("Please make a donation").invoice)).toEqual({
      invoice: vector("Please make a donation").invoice,
      network: "bitcoin",
      amountMsat: null,
      paymentHash: SPEC_PAYMENT_HASH,
      paymentSecret: SPEC_SECRET,
      description: "Please consider supporting this project",
      descriptionHash: null,
      payeePubkey: SPEC_PAYEE,
      timestamp: SPEC_TIMESTAMP,
      expirySeconds: 3600,
      expiresAt: SPEC_TIMESTAMP + 3600,
      minFinalCltvExpiry: 18,
      features: 0x4100n,
      signature: expect.stringMatching(/^[0-9a-f]{128}$/),
    });
  });

  it("reads the $3 coffee invoice", () => {
    const decoded = decodeInvoice(vector("Please send $3 for a cup of coffee").invoice);
    expect(decoded.amountMsat).toBe(250_000_000n);
    expect(decoded.description).toBe("1 cup coffee");
    expect(decoded.expirySeconds).toBe(60);
    expect(decoded.expiresAt).toBe(SPEC_TIMESTAMP + 60);
    expect(decoded.paymentHash).toBe(SPEC_PAYMENT_HASH);
  });

  it("reads a UTF-8 description", () => {
    expect(decodeInvoice(vector("Please send 0.0025 BTC for a cup of nonsense").invoice).description).toBe("ナンセンス 1杯");
  });

  it("reads a description hash", () => {
    const text =
      "One piece of chocolate cake, one icecream cone, one pickle, one slice of swiss cheese, one slice of salami, " +
      "one lollypop, one piece of cherry pie, one sausage, one cupcake, and one slice of watermelon";
    const decoded = decodeInvoice(vector("Now send $24").invoice);
    expect(decoded.amountMsat).toBe(2_000_000_000n);
    expect(decoded.description).toBeNull();
    expect(decoded.descriptionHash).toBe(bytesToHex(sha256(utf8ToBytes(text))));
  });

  it("reads the network from the prefix", () => {
    expect(decodeInvoice(vector("The same, on testnet").invoice).network).toBe("testnet");
    expect(decodeInvoice(vector("On mainnet, with fallback (P2SH)").invoice).network).toBe("bitcoin");
  });

  it("reads a pico-bitcoin amount, a one-week expiry and a CLTV delta", () => {
    const decoded = decodeInvoice(vector("Please send 0.00967878534 BTC").invoice);
    expect(decoded.amountMsat).toBe(967_878_534n);
    expect(decoded.paymentHash).toBe("462264ede7e14047e9b249da94fefc47f41f7d02ee9b091815a5506bc8abf75f");
    expect(decoded.timestamp).toBe(1572468703);
    expect(decoded.description).toMatch(/^Blockstream Store: 88\.85 USD for Blockstream Ledger Nano S x 1/);
    expect(decoded.expirySeconds).toBe(604_800);
    expect(decoded.minFinalCltvExpiry).toBe(10);
  });

  it("ignores the unknown odd feature 99 and keeps it in the feature bits", () => {
    const decoded = decodeInvoice(vector("Please send $30 for coffee beans").invoice);
    expect(decoded.features).toBe((1n << 99n) | (1n << 14n) | (1n << 8n));
    expect(decoded.amountMsat).toBe(2_500_000_000n);
    expect(decoded.description).toBe("coffee beans");
  });

  it("decodes the upper-case invoice exactly like its lower-case twin", () => {
    const upper = vector("Same, but all upper case.").invoice;
    const lower = vector("Please send $30 for coffee beans").invoice;
    expect(upper).toBe(lower.toUpperCase());
    expect(decodeInvoice(upper)).toEqual(decodeInvoice(lower));
  });

  it("accepts the payment_metadata feature (48)", () => {
    const decoded = decodeInvoice(vector("Please send 0.01 BTC with payment metadata").invoice);
    expect(decoded.amountMsat).toBe(1_000_000_000n);
    expect((decoded.features ?? 0n) & (1n << 48n)).toBe(1n << 48n);
  });
});

const INVALID_CODES: Record<string, InvoiceErrorCode> = {
  "Same, but including fields which must be ignored.": "bad_field",
  "Same, but adding invalid unknown feature 100": "unknown_required_feature",
  "Bech32 checksum is invalid.": "bad_checksum",
  "Malformed bech32 string (no 1)": "malformed",
  "Malformed bech32 string (mixed case)": "malformed",
  "Signature is not recoverable.": "bad_signature",
  "String is too short.": "malformed",
  "Invalid multiplier": "bad_amount",
  "Invalid sub-millisatoshi precision.": "bad_amount",
  "Missing required `s` field.": "missing_field",
  "Non canonical signature (high-S) with 'n' field defined": "bad_signature",
};

describe("readInvoicePrefix (the network and amount, without decoding)", () => {
  const valid = vectors.filter((v) => v.valid && v.title !== HIGH_S_TITLE);

  it.each(valid.map((v) => [v.title, v.invoice]))("agrees with decodeInvoice: %s", (_title, invoice) => {
    const { network, amountMsat } = decodeInvoice(invoice);
    expect(readInvoicePrefix(invoice)).toEqual({ network, amountMsat });
    expect(readInvoicePrefix(`lightning:${invoice.toUpperCase()}`)).toEqual({ network, amountMsat });
  });

  it("tells regtest from mainnet, and refuses text without a known prefix", () => {
    expect(readInvoicePrefix("lnbcrt25m1pqqqqqq")).toEqual({ network: "regtest", amountMsat: 2_500_000_000n });
    expect(readInvoicePrefix("lnbc1pqqqqqq")).toEqual({ network: "bitcoin", amountMsat: null });
    expect(() => readInvoicePrefix("not an invoice")).toThrow(InvoiceError);
    expect(() => readInvoicePrefix("lnxy1qqqq")).toThrow(InvoiceError);
  });
});

describe("decodeInvoice on hand-built invoices", () => {
  const hash2 = "ff".repeat(32);

  it("accepts a minimal invoice (p, s, d) from the independent writer", () => {
    const decoded = decodeInvoice(signRaw([P(), S, D]));
    expect(decoded.payeePubkey).toBe(SPEC_PAYEE);
    expect(decoded.amountMsat).toBe(1_000_000n);
    expect(decoded.description).toBe("raw");
    expect(decoded.features).toBeNull();
  });

  it.each<[string, number[][], string]>([
    ["a second p of 51 words", [P(), S, D, field(1, hexWords(hash2).slice(0, 51))], "payment hash"],
    ["a p of 53 words before a good one", [field(1, [...hexWords(hash2), 0]), P(), S, D], "payment hash"],
    ["an s of 53 words", [P(), S, D, field(16, [...hexWords(SPEC_SECRET), 0])], "payment secret"],
    ["an h of 51 words", [P(), S, field(23, hexWords(hash2).slice(0, 51))], "description hash"],
    ["an n of 52 words", [P(), S, D, field(19, hexWords(SPEC_PAYEE).slice(0, 52))], "payee public key"],
  ])("refuses %s", (_name, fields, fieldName) => {
    const error = refusal(() => decodeInvoice(signRaw(fields)));
    expect(error.code).toBe("bad_field");
    expect(error.message).toBe(`The invoice's ${fieldName} has the wrong length.`);
  });

  it("skips unknown fields, a fallback of unknown version and route hints", () => {
    const decoded = decodeInvoice(signRaw([field(0, [1, 2, 3]), P(), field(9, [31, 1, 2, 3]), S, field(3, [7, 7, 7]), D, field(30, [])]));
    expect(decoded.paymentHash).toBe(SPEC_PAYMENT_HASH);
  });

  it("uses the first of two payment hashes", () => {
    expect(decodeInvoice(signRaw([P(), P(hash2), S, D])).paymentHash).toBe(SPEC_PAYMENT_HASH);
    expect(decodeInvoice(signRaw([P(hash2), P(), S, D])).paymentHash).toBe(hash2);
  });

  it("checks the signature against the n field", () => {
    expect(decodeInvoice(signRaw([P(), S, D, field(19, hexWords(SPEC_PAYEE))])).payeePubkey).toBe(SPEC_PAYEE);
    const other = bytesToHex(secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true));
    expect(refusal(() => decodeInvoice(signRaw([P(), S, D, field(19, hexWords(other))]))).code).toBe("bad_signature");
    expect(refusal(() => decodeInvoice(signRaw([P(), S, D, field(19, hexWords(`04${"00".repeat(32)}`))]))).code).toBe("bad_field");
  });

  it.each<[string, bigint, InvoiceErrorCode | null]>([
    ["var_onion_optin + payment_secret", 0x4100n, null],
    ["optional basic_mpp", 0x4100n | (1n << 17n), null],
    ["unknown odd bit 101", 0x4100n | (1n << 101n), null],
    ["unknown even bit 102", 0x4100n | (1n << 102n), "unknown_required_feature"],
    ["unknown even bit 10", 0x4100n | (1n << 10n), "unknown_required_feature"],
    ["payment_secret without var_onion_optin", 1n << 14n, "bad_field"],
    ["basic_mpp without payment_secret", (1n << 8n) | (1n << 16n), "bad_field"],
  ])("feature bits: %s", (_name, features, code) => {
    const words: number[] = [];
    for (let rest = features; rest > 0n; rest >>= 5n) words.unshift(Number(rest & 31n));
    const invoice = signRaw([P(), S, D, field(5, words)]);
    if (code === null) expect(decodeInvoice(invoice).features).toBe(features);
    else expect(refusal(() => decodeInvoice(invoice)).code).toBe(code);
  });

  it.each<[string, bigint | null]>([
    ["lnbc", null],
    ["lnbc1", 100_000_000_000n],
    ["lnbc010u", 1_000_000n],
    ["lnbcrt25m", 2_500_000_000n],
    ["lntbs20n", 2_000n],
    ["lntb10p", 1n],
  ])("reads the human-readable part %s", (hrp, amountMsat) => {
    expect(decodeInvoice(signRaw([P(), S, D], hrp)).amountMsat).toBe(amountMsat);
  });

  it.each(["lnbc0", "lnbc0m", "lnbc15p", "lnbc21000001", "lnbc1k", "lnbc1mm", "lnbc2u5"])("refuses the amount in %s", (hrp) => {
    expect(refusal(() => decodeInvoice(signRaw([P(), S, D], hrp))).code).toBe("bad_amount");
  });
});

describe("decodeInvoice refuses the invalid BOLT 11 vectors", () => {
  it.each(vectors.filter((v) => !v.valid).map((v) => [v.title, v.invoice]))("refuses: %s", (title, invoice) => {
    expect(Object.hasOwn(INVALID_CODES, title), `no expected code for "${title}"`).toBe(true);
    const error = refusal(() => decodeInvoice(invoice));
    expect(error.code).toBe(INVALID_CODES[title]);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it("names what is wrong", () => {
    expect(refusal(() => decodeInvoice(vector("Same, but including fields which must be ignored.").invoice)).message).toBe(
      "The invoice's payment hash has the wrong length.",
    );
    expect(refusal(() => decodeInvoice(vector("Same, but adding invalid unknown feature 100").invoice)).message).toContain("100");
    expect(refusal(() => decodeInvoice(vector("Missing required `s` field.").invoice)).message).toContain("payment secret");
    expect(refusal(() => decodeInvoice(vector("Non canonical signature").invoice)).message).toContain("low-S");
  });

  it("refuses an unknown currency prefix, even with a valid checksum", () => {
    const { words } = bech32.decode(vector("Please send $3 for a cup of coffee").invoice, Number.MAX_SAFE_INTEGER);
    for (const hrp of ["lnsb2500u", "lnbcx", "lnxy", "bc2500u"]) {
      expect(refusal(() => decodeInvoice(bech32.encode(hrp, words, Number.MAX_SAFE_INTEGER))).code).toBe("unknown_network");
    }
  });

  it("refuses text that is not an invoice", () => {
    for (const text of ["", "lnbc", "hello world", "lnbc1 pvjluez"]) {
      expect(refusal(() => decodeInvoice(text)).code).toBe("malformed");
    }
  });
});

// light-bolt11-decoder (fiatjaf's reader, no signature check) as an independent second reader: wherever it
// can read an invoice, it must read what decodeInvoice reads. Where it cannot, or reads what BOLT 11 refuses,
// the tests below say exactly how; that is why lib/bolt11 reads invoices itself.
const LIGHT_FEATURE_ORDER = [
  "option_data_loss_protect",
  "initial_routing_sync",
  "option_upfront_shutdown_script",
  "gossip_queries",
  "var_onion_optin",
  "gossip_queries_ex",
  "option_static_remotekey",
  "payment_secret",
  "basic_mpp",
  "option_support_large_channel",
] as const;

function lightReads(invoice: string): boolean {
  try {
    lightDecode(invoice);
    return true;
  } catch {
    return false;
  }
}

describe("light-bolt11-decoder reads every valid vector as decodeInvoice does", () => {
  it.each(vectors.filter((v) => v.valid).map((v) => [v.title, v.invoice]))("%s", (_title, invoice) => {
    const ours = decodeInvoice(invoice);
    const light = lightDecode(invoice);
    const value = (name: LightSection["name"]) => lightValue(invoice, name);
    expect(`ln${(value("coin_network") as { bech32: string }).bech32}`).toBe(PREFIXES[ours.network]);
    expect(value("amount")).toBe(ours.amountMsat === null ? undefined : ours.amountMsat.toString());
    expect(value("timestamp")).toBe(ours.timestamp);
    expect(value("payment_hash")).toBe(ours.paymentHash);
    expect(value("payment_secret")).toBe(ours.paymentSecret);
    expect(value("description") ?? null).toBe(ours.description);
    expect(lightValue(invoice, "description_hash" as LightSection["name"]) ?? null).toBe(ours.descriptionHash);
    expect(light.expiry ?? 3600).toBe(ours.expirySeconds);
    expect(value("min_final_cltv_expiry") ?? 18).toBe(ours.minFinalCltvExpiry);
    const payee = lightValue(invoice, "payee" as LightSection["name"]);
    if (payee !== undefined) expect(payee).toBe(ours.payeePubkey);
    // light's signature is r || s || recovery id; ours is r || s.
    expect((value("signature") as string).slice(0, 128)).toBe(ours.signature);
    // Feature bits: light names bits 0-19 in pairs and lists the rest one by one.
    const features = value("feature_bits") as { extra_bits: { bits: boolean[] } } & Record<string, string>;
    const bit = (n: number) => (((ours.features ?? 0n) >> BigInt(n)) & 1n) === 1n;
    LIGHT_FEATURE_ORDER.forEach((name, i) => {
      expect(features[name]).toBe(bit(2 * i) ? "required" : bit(2 * i + 1) ? "supported" : "unsupported");
    });
    features.extra_bits.bits.forEach((set, i) => expect(set).toBe(bit(20 + i)));
  });
});

describe("what light-bolt11-decoder does not check, and decodeInvoice does", () => {
  // Its refusals are plain Errors, some from inside its byte conversion, without a reason a payer can act on;
  // it reads four of the invalid vectors as if they were fine.
  const lightReadsThese = [
    "Same, but adding invalid unknown feature 100",
    "Signature is not recoverable.",
    "Missing required `s` field.",
    "Non canonical signature (high-S) with 'n' field defined",
  ];

  it.each(vectors.filter((v) => !v.valid).map((v) => [v.title, v.invoice]))("invalid vector: %s", (title, invoice) => {
    expect(refusal(() => decodeInvoice(invoice)).code).toBe(INVALID_CODES[title]);
    expect(lightReads(invoice)).toBe(lightReadsThese.some((start) => title.startsWith(start)));
  });

  // BOLT 11 since 2025: a p, s or h field of other than 52 words, or an n of other than 53, fails the invoice.
  it("reads a 53-word payment hash as 33 bytes, and fails inside its byte conversion, naming no field, on a 51-word one", () => {
    const long = signRaw([field(1, [...hexWords(SPEC_PAYMENT_HASH), 0]), S, D]);
    expect(lightValue(long, "payment_hash")).toBe(`${SPEC_PAYMENT_HASH}00`);
    expect(refusal(() => decodeInvoice(long)).message).toBe("The invoice's payment hash has the wrong length.");
    const short = signRaw([field(1, hexWords(SPEC_PAYMENT_HASH).slice(0, 51)), S, D]);
    expect(() => lightDecode(short)).toThrow("radix2.encode input should be Uint8Array");
    expect(refusal(() => decodeInvoice(short)).message).toBe("The invoice's payment hash has the wrong length.");
  });

  it("reads a field that runs past the end of the data as a shorter one", () => {
    const invoice = signRaw([P(), S, [13, 1, 0]]); // a description of 32 words, none of them there
    expect(lightValue(invoice, "description")).toBe("");
    expect(refusal(() => decodeInvoice(invoice)).message).toBe("The invoice's data is truncated.");
  });

  it("reads an amount of zero", () => {
    const invoice = signRaw([P(), S, D], "lnbc0");
    expect(lightValue(invoice, "amount")).toBe("0");
    expect(refusal(() => decodeInvoice(invoice)).code).toBe("bad_amount");
  });

  it("replaces a description that is not UTF-8 instead of refusing it", () => {
    const invoice = signRaw([P(), S, field(13, bech32.toWords(Uint8Array.of(0x41, 0xff)))]);
    expect(lightValue(invoice, "description")).toBe("A\uFFFD");
    expect(refusal(() => decodeInvoice(invoice)).message).toBe("The invoice's description is not valid text.");
  });

  it("loses the optional bit of a feature whose compulsory bit is set too", () => {
    const invoice = signRaw([P(), S, D, field(5, [16, 24, 0])]); // 0x4300: bits 8, 9 and 14
    expect((lightValue(invoice, "feature_bits") as Record<string, string>).var_onion_optin).toBe("required");
    expect(decodeInvoice(invoice).features).toBe((1n << 14n) | (1n << 9n) | (1n << 8n));
  });

  it("rounds an expiry beyond 2^53 seconds instead of refusing it", () => {
    const invoice = signRaw([P(), S, D, field(6, Array(12).fill(31))]); // 2^60 - 1
    expect(lightValue(invoice, "expiry")).toBe(2 ** 60);
    expect(refusal(() => decodeInvoice(invoice)).message).toBe("The invoice's expiry is out of range.");
  });
});

const NETWORKS: Network[] = ["bitcoin", "testnet", "signet", "regtest"];
const PREFIXES: Record<Network, string> = { bitcoin: "lnbc", testnet: "lntb", signet: "lntbs", regtest: "lnbcrt" };

// [msat, expected amount in the human-readable part]
const AMOUNTS: [bigint | null, string][] = [
  [null, ""],
  [1n, "10p"],
  [11n, "110p"],
  [100n, "1n"],
  [1_000n, "10n"],
  [100_000n, "1u"],
  [150_000n, "1500n"],
  [250_000_000n, "2500u"],
  [100_000_000n, "1m"],
  [2_000_000_000n, "20m"],
  [100_000_000_000n, "1"],
  [123_456_789_012_345n, "1234567890123450p"],
  [2_100_000_000_000_000_000n, "21000000"],
];

describe("signInvoice", () => {
  const cases = AMOUNTS.flatMap(([amountMsat, hrpAmount], i) =>
    [false, true].map((payeeNodeKey) => ({
      amountMsat,
      hrpAmount,
      payeeNodeKey,
      network: NETWORKS[(i + Number(payeeNodeKey)) % NETWORKS.length],
      hashed: i % 2 === 0,
    })),
  );

  it.each(cases)(
    "round-trips $amountMsat msat on $network (n field: $payeeNodeKey, description hash: $hashed)",
    ({ amountMsat, hrpAmount, payeeNodeKey, network, hashed }) => {
      const privateKey = secp256k1.utils.randomSecretKey();
      const input: InvoiceInput = {
        network,
        amountMsat,
        paymentHash: bytesToHex(randomBytes(32)),
        paymentSecret: bytesToHex(randomBytes(32)),
        ...(hashed ? { descriptionHash: bytesToHex(randomBytes(32)) } : { description: "Payout #42 ☕" }),
        expirySeconds: 600,
        timestamp: 1_760_000_000,
        minFinalCltvExpiry: 80,
        payeeNodeKey,
      };
      const invoice = signInvoice(input, privateKey);

      expect(invoice).toBe(invoice.toLowerCase());
      expect(invoice.startsWith(`${PREFIXES[network]}${hrpAmount}1`)).toBe(true);
      expect(invoice.length).toBeGreaterThan(90);

      const decoded = decodeInvoice(invoice);
      expect(decoded).toEqual({
        invoice,
        network,
        amountMsat,
        paymentHash: input.paymentHash,
        paymentSecret: input.paymentSecret,
        description: hashed ? null : "Payout #42 ☕",
        descriptionHash: hashed ? input.descriptionHash : null,
        payeePubkey: bytesToHex(secp256k1.getPublicKey(privateKey, true)),
        timestamp: 1_760_000_000,
        expirySeconds: 600,
        expiresAt: 1_760_000_600,
        minFinalCltvExpiry: 80,
        features: 0x4100n,
        signature: expect.stringMatching(/^[0-9a-f]{128}$/),
      });
      expect(secp256k1.Signature.fromBytes(hexToBytes(decoded.signature), "compact").hasHighS()).toBe(false);
      // The feature field is the one LND and Core Lightning write.
      expect(invoice).toContain("9qrsgq");

      expect(lightValue(invoice, "amount")).toBe(amountMsat === null ? undefined : amountMsat.toString());
      expect(lightValue(invoice, "payment_hash")).toBe(input.paymentHash);
      expect(lightValue(invoice, "payment_secret")).toBe(input.paymentSecret);
    },
  );

  it("leaves out optional fields and readers fall back to the defaults", () => {
    const invoice = signInvoice({ network: "bitcoin", paymentHash: SPEC_PAYMENT_HASH, paymentSecret: SPEC_SECRET }, PRIVATE_KEY);
    const decoded = decodeInvoice(invoice);
    expect(decoded.amountMsat).toBeNull();
    expect(decoded.description).toBe("");
    expect(decoded.expirySeconds).toBe(3600);
    expect(decoded.minFinalCltvExpiry).toBe(18);
    expect(decoded.payeePubkey).toBe(SPEC_PAYEE);
    expect(Math.abs(decoded.timestamp - Date.now() / 1000)).toBeLessThan(60);
  });

  it("reproduces the spec's $3 coffee invoice field for field", () => {
    const spec = decodeInvoice(vector("Please send $3 for a cup of coffee").invoice);
    const ours = decodeInvoice(
      signInvoice(
        {
          network: "bitcoin",
          amountMsat: 250_000_000n,
          paymentHash: SPEC_PAYMENT_HASH,
          paymentSecret: SPEC_SECRET,
          description: "1 cup coffee",
          expirySeconds: 60,
          timestamp: SPEC_TIMESTAMP,
        },
        PRIVATE_KEY,
      ),
    );
    expect({ ...ours, invoice: "", signature: "" }).toEqual({ ...spec, invoice: "", signature: "" });
  });

  it.each([false, true])("breaks when any character of the data part changes (n field: %s)", (payeeNodeKey) => {
    const invoice = signInvoice(
      { network: "bitcoin", amountMsat: 5_000_000n, paymentHash: SPEC_PAYMENT_HASH, paymentSecret: SPEC_SECRET, payeeNodeKey },
      PRIVATE_KEY,
    );
    const dataStart = invoice.lastIndexOf("1") + 1;
    for (const offset of [0, 3, 20, 60, 150, invoice.length - dataStart - 20, invoice.length - dataStart - 1]) {
      const at = dataStart + offset;
      const flipped = invoice.slice(0, at) + (invoice[at] === "q" ? "p" : "q") + invoice.slice(at + 1);
      expect(refusal(() => decodeInvoice(flipped)).code).toBe("bad_checksum");
    }

    // With a repaired checksum only the signature stands in the way: it must be refused, or (no n field)
    // recover to some key other than the signer's.
    const { words } = bech32.decode(invoice, Number.MAX_SAFE_INTEGER);
    for (const wordIndex of [0, 6, 20, words.length - 50, words.length - 10]) {
      const tampered = tamper(invoice, wordIndex);
      let payee: string | null = null;
      try {
        payee = decodeInvoice(tampered).payeePubkey;
      } catch (error) {
        expect(error).toBeInstanceOf(InvoiceError);
        if (payeeNodeKey) expect((error as InvoiceError).code).toBe("bad_signature");
      }
      if (payeeNodeKey) expect(payee).toBeNull();
      else expect(payee).not.toBe(SPEC_PAYEE);
    }
  });

  it("refuses inputs it cannot encode", () => {
    const base = { network: "bitcoin" as const, paymentHash: SPEC_PAYMENT_HASH, paymentSecret: SPEC_SECRET };
    expect(() => signInvoice({ ...base, amountMsat: 0n }, PRIVATE_KEY)).toThrow(RangeError);
    expect(() => signInvoice({ ...base, amountMsat: 2_100_000_000_000_000_001n }, PRIVATE_KEY)).toThrow(RangeError);
    expect(() => signInvoice({ ...base, paymentHash: "00" }, PRIVATE_KEY)).toThrow(TypeError);
    expect(() => signInvoice({ ...base, description: "a", descriptionHash: SPEC_PAYMENT_HASH }, PRIVATE_KEY)).toThrow(TypeError);
    expect(() => signInvoice({ ...base, description: "x".repeat(640) }, PRIVATE_KEY)).toThrow(RangeError);
    expect(() => signInvoice(base, new Uint8Array(32))).toThrow(TypeError);
  });
});

describe("checkInvoice", () => {
  const T = 1_760_000_000;
  const range = { minMsat: 1_000_000n, maxMsat: 2_000_000n };
  const rules: InvoiceCheck = { network: "bitcoin", amount: range, now: new Date((T + 100) * 1000), minRemainingSeconds: 60 };
  const make = (over: Partial<InvoiceInput> = {}) =>
    signInvoice(
      { network: "bitcoin", amountMsat: 1_500_000n, paymentHash: SPEC_PAYMENT_HASH, paymentSecret: SPEC_SECRET, timestamp: T, expirySeconds: 3600, ...over },
      PRIVATE_KEY,
    );
  const at = (seconds: number) => new Date(seconds * 1000);

  it("accepts an invoice that meets every rule", () => {
    const decoded = checkInvoice(make(), rules);
    expect(decoded.amountMsat).toBe(1_500_000n);
    expect(decoded.payeePubkey).toBe(SPEC_PAYEE);
  });

  it.each([
    ["at exactly the minimum", 1_000_000n],
    ["at exactly the maximum", 2_000_000n],
  ])("accepts an amount %s", (_name, amountMsat) => {
    expect(checkInvoice(make({ amountMsat }), rules).amountMsat).toBe(amountMsat);
  });

  it.each<[string, Partial<InvoiceInput>, Partial<InvoiceCheck>, InvoiceErrorCode, string[]]>([
    ["another network", { network: "testnet" }, {}, "wrong_network", ["testnet", "Bitcoin mainnet"]],
    ["another network (signet expected)", {}, { network: "signet" }, "wrong_network", ["Bitcoin mainnet", "signet"]],
    ["no amount", { amountMsat: null }, {}, "amount_missing", ["1000 sat", "2000 sat"]],
    ["an amount below the minimum", { amountMsat: 999_999n }, {}, "amount_out_of_range", ["999.999 sat", "minimum of 1000 sat"]],
    ["an amount above the maximum", { amountMsat: 5_000_000n }, {}, "amount_out_of_range", ["Invoice amount 5000 sat is above the maximum of 2000 sat."]],
    ["an expired invoice", {}, { now: at(T + 3600 + 30) }, "expired", ["30 seconds ago"]],
    ["an invoice at its expiry instant", {}, { now: at(T + 3600) }, "expired", ["0 seconds"]],
    ["an invoice expiring within the margin", {}, { now: at(T + 3600 - 30) }, "expires_too_soon", ["30 seconds", "at least 60 seconds"]],
    ["an invoice expiring within a longer margin", {}, { minRemainingSeconds: 7200 }, "expires_too_soon", ["58 minutes", "2 hours"]],
  ])("refuses %s", (_name, invoiceOver, rulesOver, code, mentions) => {
    const error = refusal(() => checkInvoice(make(invoiceOver), { ...rules, ...rulesOver }));
    expect(error.code).toBe(code);
    for (const text of mentions) expect(error.message).toContain(text);
  });

  it("accepts an invoice with exactly the margin left", () => {
    expect(checkInvoice(make(), { ...rules, now: at(T + 3600 - 60) }).expiresAt).toBe(T + 3600);
  });

  it("accepts a lightning: URI, upper case and surrounding whitespace", () => {
    const invoice = make();
    for (const text of [`lightning:${invoice}`, `LIGHTNING:${invoice.toUpperCase()}`, `  Lightning:${invoice}\n`, ` ${invoice.toUpperCase()} `]) {
      expect(checkInvoice(text, rules).invoice).toBe(invoice);
    }
  });

  it("passes on the decoder's refusal", () => {
    expect(refusal(() => checkInvoice(vector("Bech32 checksum is invalid.").invoice, rules)).code).toBe("bad_checksum");
    expect(refusal(() => checkInvoice(`lightning:${vector("Non canonical signature").invoice}`, rules)).code).toBe("bad_signature");
    expect(refusal(() => checkInvoice(vector("Bech32 checksum is invalid.").invoice, { ...rules, amount: "any" })).code).toBe("bad_checksum");
  });

  describe("with an exact amount", () => {
    const exact: InvoiceCheck = { ...rules, amount: { exactMsat: 1_500_000n } };

    it("accepts the invoice for exactly that amount", () => {
      expect(checkInvoice(make(), exact).amountMsat).toBe(1_500_000n);
    });

    it.each([
      [1_499_999n, "This invoice is for 1499.999 sat, not the 1500 sat asked for."],
      [1_500_001n, "This invoice is for 1500.001 sat, not the 1500 sat asked for."],
      [2_000_000n, "This invoice is for 2000 sat, not the 1500 sat asked for."],
    ])("refuses an invoice for %s msat", (amountMsat, message) => {
      const error = refusal(() => checkInvoice(make({ amountMsat }), exact));
      expect(error.code).toBe("amount_mismatch");
      expect(error.message).toBe(message);
    });

    it("refuses an invoice without an amount", () => {
      const error = refusal(() => checkInvoice(make({ amountMsat: null }), exact));
      expect(error.code).toBe("amount_missing");
      expect(error.message).toBe("This invoice has no amount. Create one for exactly 1500 sat.");
    });

    it("checks the network before the amount and the amount before the expiry", () => {
      expect(refusal(() => checkInvoice(make({ network: "testnet", amountMsat: 1n }), exact)).code).toBe("wrong_network");
      expect(refusal(() => checkInvoice(make({ amountMsat: 1n }), { ...exact, now: at(T + 7200) })).code).toBe("amount_mismatch");
      expect(refusal(() => checkInvoice(make(), { ...exact, now: at(T + 7200) })).code).toBe("expired");
      expect(refusal(() => checkInvoice(make(), { ...exact, now: at(T + 3600 - 1) })).code).toBe("expires_too_soon");
    });
  });

  describe("with any amount", () => {
    const any: InvoiceCheck = { ...rules, amount: "any" };

    it.each([null, 1n, 1_500_000n, 2_100_000_000_000_000_000n])("accepts an invoice for %s msat", (amountMsat) => {
      expect(checkInvoice(make({ amountMsat }), any).amountMsat).toBe(amountMsat);
    });

    it("still checks the network and the expiry", () => {
      expect(refusal(() => checkInvoice(make({ network: "regtest", amountMsat: null }), any)).code).toBe("wrong_network");
      expect(refusal(() => checkInvoice(make({ amountMsat: null }), { ...any, now: at(T + 3600) })).code).toBe("expired");
      expect(refusal(() => checkInvoice(make({ amountMsat: null }), { ...any, now: at(T + 3600 - 59) })).code).toBe("expires_too_soon");
    });

    it("accepts the spec's donation invoice (no amount) on its own network", () => {
      const donation = vector("Please make a donation of any amount");
      const decoded = checkInvoice(donation.invoice, { ...any, now: at(SPEC_TIMESTAMP), minRemainingSeconds: 0 });
      expect(decoded.amountMsat).toBeNull();
      expect(refusal(() => checkInvoice(donation.invoice, { ...rules, now: at(SPEC_TIMESTAMP), minRemainingSeconds: 0 })).code).toBe("amount_missing");
    });
  });

  it.each<[string, Partial<InvoiceCheck>, string]>([
    ["a range upside down", { amount: { minMsat: 2n, maxMsat: 1n } }, "amount.minMsat (2) must not be above amount.maxMsat (1)."],
    ["a negative minimum", { amount: { minMsat: -1n, maxMsat: 1n } }, "amount.minMsat must be a bigint of at least 0 msat (got -1)."],
    ["a range in numbers", { amount: { minMsat: 1, maxMsat: 2 } as unknown as InvoiceCheck["amount"] }, "amount.minMsat must be a bigint of at least 0 msat (got 1)."],
    ["an exact amount of zero", { amount: { exactMsat: 0n } }, "amount.exactMsat must be a bigint of at least 1 msat (got 0)."],
    ["an exact amount as a number", { amount: { exactMsat: 1500 } as unknown as InvoiceCheck["amount"] }, "amount.exactMsat must be a bigint of at least 1 msat (got 1500)."],
    ["no amount rule", { amount: undefined as unknown as InvoiceCheck["amount"] }, 'amount must be { exactMsat }, { minMsat, maxMsat } or "any".'],
    ["an unknown amount rule", { amount: "all" as unknown as InvoiceCheck["amount"] }, 'amount must be { exactMsat }, { minMsat, maxMsat } or "any".'],
    ["a negative margin", { minRemainingSeconds: -1 }, "minRemainingSeconds must be a finite number of seconds, at least 0 (got -1)."],
    ["a margin that is not a number", { minRemainingSeconds: Number.NaN }, "minRemainingSeconds must be a finite number of seconds, at least 0 (got NaN)."],
    ["an invalid date", { now: new Date(Number.NaN) }, "now must be a valid Date."],
  ])("refuses options with %s, before reading the invoice", (_name, over, message) => {
    const run = () => checkInvoice("not an invoice", { ...rules, ...over });
    expect(run).toThrow(RangeError);
    expect(run).toThrow(message);
  });
});
