// Configuration of the real Lightning backends: each backend's variables are required only when it is chosen,
// errors name the variable, and credentials never appear in an error message.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/env";
import { buildBackend } from "@/lib/lightning/backend";

const LNBITS = { LIGHTNING_BACKEND: "lnbits", LNBITS_URL: "https://lnbits.example.com", LNBITS_ADMIN_KEY: "a".repeat(32), LNBITS_INVOICE_KEY: "b".repeat(32) };

function configError(source: Record<string, string>): ConfigError {
  try {
    buildBackend(parseEnv(source));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("no ConfigError was thrown");
}

describe("Lightning backend configuration", () => {
  it("needs nothing for the simulator, and ignores other backends' variables", () => {
    expect(parseEnv({ LNBITS_URL: "https://x.example" }).lightning).toMatchObject({ backend: "simulator", connection: { kind: "simulator" } });
  });

  it("builds the LNbits adapter from its three variables", () => {
    const config = parseEnv({ ...LNBITS, LIGHTNING_NETWORK: "bitcoin" });
    expect(config.lightning.connection).toEqual({ kind: "lnbits", url: LNBITS.LNBITS_URL, adminKey: LNBITS.LNBITS_ADMIN_KEY, invoiceKey: LNBITS.LNBITS_INVOICE_KEY });
    const backend = buildBackend(config);
    expect(backend.kind).toBe("lnbits");
    expect(backend.livemode).toBe(true);
    expect(buildBackend(parseEnv({ ...LNBITS, LIGHTNING_NETWORK: "signet" })).livemode).toBe(false);
  });

  it.each([
    ["LNBITS_URL", /LNBITS_URL is required when LIGHTNING_BACKEND=lnbits/],
    ["LNBITS_ADMIN_KEY", /LNBITS_ADMIN_KEY is required when LIGHTNING_BACKEND=lnbits/],
    ["LNBITS_INVOICE_KEY", /LNBITS_INVOICE_KEY is required when LIGHTNING_BACKEND=lnbits/],
  ])("names a missing %s", (variable, message) => {
    const error = configError({ ...LNBITS, [variable]: "" });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
  });

  it("builds the Core Lightning adapter, with CLN_TLS_CERT_PATH optional but readable when given", () => {
    const cln = { LIGHTNING_BACKEND: "cln", CLN_REST_URL: "https://127.0.0.1:3010", CLN_RUNE: "tU-RLjMiDpY2U0o3W1oFowar36RFGpWloPbW9-RuZdo9MyZpZD0wMjRi" };
    expect(buildBackend(parseEnv(cln)).kind).toBe("cln");
    expect(configError({ ...cln, CLN_RUNE: "" }).message).toMatch(/CLN_RUNE is required when LIGHTNING_BACKEND=cln/);
    expect(configError({ ...cln, CLN_REST_URL: "" }).variable).toBe("CLN_REST_URL");
    const unreadable = configError({ ...cln, CLN_TLS_CERT_PATH: "/nonexistent/ca.pem" });
    expect(unreadable.variable).toBe("CLN_TLS_CERT_PATH");
    expect(unreadable.message).toMatch(/cannot be read: ENOENT/);
    const wrongRune = configError({ ...cln, CLN_RUNE: "a rune with spaces in it" });
    expect(wrongRune.variable).toBe("CLN_RUNE");
    expect(wrongRune.message).not.toContain("spaces");
  });

  it("builds the LND adapter from a macaroon in hex or in a file, and names what is missing or unreadable", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "sluice-lnd-"));
    writeFileSync(path.join(dir, "admin.macaroon"), Buffer.from("0201036c6e64", "hex"));
    writeFileSync(path.join(dir, "tls.cert"), "-----BEGIN CERTIFICATE-----\n");
    const lnd = { LIGHTNING_BACKEND: "lnd", LND_REST_URL: "https://127.0.0.1:8080", LND_TLS_CERT_PATH: path.join(dir, "tls.cert") };
    expect(buildBackend(parseEnv({ ...lnd, LND_MACAROON_HEX: "0201036c6e64" })).kind).toBe("lnd");
    expect(buildBackend(parseEnv({ ...lnd, LND_MACAROON_PATH: path.join(dir, "admin.macaroon") })).kind).toBe("lnd");
    expect(configError(lnd).message).toMatch(/LND_MACAROON_HEX or LND_MACAROON_PATH is required when LIGHTNING_BACKEND=lnd/);
    expect(configError({ ...lnd, LND_MACAROON_PATH: path.join(dir, "missing.macaroon") }).variable).toBe("LND_MACAROON_PATH");
    expect(configError({ ...lnd, LND_MACAROON_HEX: "0201", LND_TLS_CERT_PATH: path.join(dir, "nope.cert") }).variable).toBe("LND_TLS_CERT_PATH");
    expect(configError({ ...lnd, LND_MACAROON_HEX: "0201", LND_REST_URL: "http://127.0.0.1:8080" }).message).toMatch(/LND_REST_URL must be an https:\/\/ URL/);
    expect(configError({ ...lnd, LND_MACAROON_HEX: "not hex" }).variable).toBe("LND_MACAROON_HEX");
  });

  it("builds the phoenixd adapter from PHOENIXD_URL and PHOENIXD_PASSWORD, and names what is missing", () => {
    const phoenixd = { LIGHTNING_BACKEND: "phoenixd", PHOENIXD_URL: "http://127.0.0.1:9740", PHOENIXD_PASSWORD: "9f1c2b3a4d5e6f708192a3b4c5d6e7f8" };
    const config = parseEnv({ ...phoenixd, LIGHTNING_NETWORK: "bitcoin" });
    expect(config.lightning).toMatchObject({ backend: "phoenixd", connection: { kind: "phoenixd", url: phoenixd.PHOENIXD_URL, password: phoenixd.PHOENIXD_PASSWORD } });
    const backend = buildBackend(config);
    expect(backend.kind).toBe("phoenixd");
    expect(backend.livemode).toBe(true);
    expect(configError({ ...phoenixd, PHOENIXD_URL: "" }).message).toMatch(/PHOENIXD_URL is required when LIGHTNING_BACKEND=phoenixd/);
    expect(configError({ ...phoenixd, PHOENIXD_PASSWORD: "" }).message).toMatch(/PHOENIXD_PASSWORD is required when LIGHTNING_BACKEND=phoenixd/);
    expect(configError({ ...phoenixd, PHOENIXD_URL: "127.0.0.1:9740" }).message).toMatch(/PHOENIXD_URL must be an http\(s\) URL, such as http:\/\/127\.0\.0\.1:9740 \(got "127\.0\.0\.1:9740"\)/);
  });

  it("names a wrong PHOENIXD_PASSWORD without repeating it", () => {
    const error = configError({ LIGHTNING_BACKEND: "phoenixd", PHOENIXD_URL: "http://127.0.0.1:9740", PHOENIXD_PASSWORD: "pasted secret\n" });
    expect(error.variable).toBe("PHOENIXD_PASSWORD");
    expect(error.message).toMatch(/PHOENIXD_PASSWORD must be the http-password of phoenix\.conf/);
    expect(error.message).not.toContain("pasted secret");
  });

  it("builds the NWC adapter from NWC_URL, and names a missing or wrong NWC_URL without repeating it", () => {
    const secret = "5e".repeat(32);
    const nwc = { LIGHTNING_BACKEND: "nwc", NWC_URL: `nostr+walletconnect://${"ab".repeat(32)}?relay=wss%3A%2F%2Frelay.example.com&secret=${secret}&lud16=pay%40example.com` };
    const config = parseEnv({ ...nwc, LIGHTNING_NETWORK: "bitcoin" });
    expect(config.lightning).toMatchObject({
      backend: "nwc",
      connection: { kind: "nwc", connection: { walletPubkey: "ab".repeat(32), relays: ["wss://relay.example.com"], secret, lud16: "pay@example.com" } },
    });
    const backend = buildBackend(config);
    expect(backend.kind).toBe("nwc");
    expect(backend.livemode).toBe(true);
    expect(configError({ ...nwc, NWC_URL: "" }).message).toMatch(/NWC_URL is required when LIGHTNING_BACKEND=nwc/);
    const wrong = configError({ ...nwc, NWC_URL: nwc.NWC_URL.replace("wss%3A", "https%3A") });
    expect(wrong.variable).toBe("NWC_URL");
    expect(wrong.message).toMatch(/NWC_URL has a relay that is not a wss:\/\/ URL/);
    expect(wrong.message).not.toContain(secret);
    const noSecret = configError({ ...nwc, NWC_URL: nwc.NWC_URL.replace(`secret=${secret}`, `secret=${secret.slice(2)}`) });
    expect(noSecret.message).toMatch(/NWC_URL must have a secret= parameter of 64 hex characters/);
    expect(noSecret.message).not.toContain(secret.slice(2));
  });

  it("names a wrong LNbits key without repeating it", () => {
    const error = configError({ ...LNBITS, LNBITS_ADMIN_KEY: "not-a-key-secret" });
    expect(error.variable).toBe("LNBITS_ADMIN_KEY");
    expect(error.message).toMatch(/admin key/);
    expect(error.message).not.toContain("not-a-key-secret");
  });
});
