import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv, resolveAuthSecret } from "@/lib/env";

describe("parseEnv", () => {
  it("falls back to the embedded defaults", () => {
    const config = parseEnv({});
    expect(config).toMatchObject({
      port: 3000,
      publicUrl: "http://localhost:3000",
      databaseUrl: undefined,
      databaseKind: "embedded",
      demo: true,
      nextAuthSecret: undefined,
      lightning: { backend: "simulator", network: "regtest" },
      feeLimitSats: 100,
      paymentTimeoutSeconds: 60,
      rates: { provider: "configured", configured: undefined, coinbaseUrl: undefined },
    });
    expect(config.dataDir).toBe(path.resolve(".data"));
  });

  it("derives the public URL from PORT and trims a trailing slash from PUBLIC_URL", () => {
    expect(parseEnv({ PORT: "8080" }).publicUrl).toBe("http://localhost:8080");
    expect(parseEnv({ PUBLIC_URL: "https://pay.example.com/" }).publicUrl).toBe("https://pay.example.com");
    expect(parseEnv({ PUBLIC_URL: "https://example.com/sluice/" }).publicUrl).toBe("https://example.com/sluice");
  });

  it("listens on every interface unless LISTEN_ADDRESS names one address", () => {
    expect(parseEnv({}).listenAddress).toBeUndefined();
    expect(parseEnv({ LISTEN_ADDRESS: "127.0.0.1" }).listenAddress).toBe("127.0.0.1");
    expect(parseEnv({ LISTEN_ADDRESS: "::1" }).listenAddress).toBe("::1");
  });

  it("treats a DATABASE_URL as a PostgreSQL server", () => {
    const config = parseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/sluice" });
    expect(config.databaseKind).toBe("postgresql");
    expect(config.databaseUrl).toBe("postgresql://u:p@db:5432/sluice");
  });

  it.each([
    ["PORT", "abc", /PORT must be a whole number/],
    ["PORT", "70000", /PORT must be between 1 and 65535/],
    ["PORT", "3000.5", /PORT must be a whole number/],
    ["LISTEN_ADDRESS", "localhost", /LISTEN_ADDRESS must be an IP address/],
    ["LISTEN_ADDRESS", "10.0.0.0/8", /LISTEN_ADDRESS must be an IP address/],
    ["PUBLIC_URL", "ftp://example.com", /PUBLIC_URL must be an http/],
    ["PUBLIC_URL", "not a url", /PUBLIC_URL must be an http/],
    ["PUBLIC_URL", "https://example.com/?x=1", /PUBLIC_URL must not carry a query string/],
    ["SLUICE_DEMO", "maybe", /SLUICE_DEMO must be "true" or "false"/],
    ["LIGHTNING_BACKEND", "eclair", /LIGHTNING_BACKEND must be "simulator", "lnd", "cln", "lnbits", "phoenixd" or "nwc"/],
    ["LIGHTNING_NETWORK", "mainnet", /LIGHTNING_NETWORK must be "bitcoin", "testnet", "signet" or "regtest"/],
    ["FEE_LIMIT_SATS", "101", /FEE_LIMIT_SATS must be between 0 and 100 sats/],
    ["FEE_LIMIT_SATS", "1.5", /FEE_LIMIT_SATS must be a whole number of sats/],
    ["PAYMENT_TIMEOUT_SECONDS", "0", /PAYMENT_TIMEOUT_SECONDS must be between 1 and 600 seconds/],
    ["RATES_PROVIDER", "kraken", /RATES_PROVIDER must be "configured" or "coinbase"/],
    ["RATES", "USD=abc", /RATES is not valid/],
    ["COINBASE_API_URL", "ftp://x", /COINBASE_API_URL must be an http\(s\) URL/],
  ])("names %s when it is %s", (variable, value, message) => {
    let caught: unknown;
    try {
      parseEnv({ [variable]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message).toMatch(message);
    expect((caught as ConfigError).message).toContain(`"${value}"`);
  });

  it.each([
    ["NEXTAUTH_SECRET", "tooshort-secret", /NEXTAUTH_SECRET must be at least 32 characters/],
    ["DATABASE_URL", "mysql://root:hunter2@localhost/db", /DATABASE_URL must be a postgres/],
  ])("names %s but never repeats its value", (variable, value, message) => {
    expect(() => parseEnv({ [variable]: value })).toThrow(message);
    try {
      parseEnv({ [variable]: value });
    } catch (error) {
      expect((error as ConfigError).variable).toBe(variable);
      expect((error as Error).message).not.toContain(value);
      expect((error as Error).message).not.toContain("hunter2");
    }
  });

  it.each([
    ["false", false],
    ["0", false],
    ["true", true],
    ["1", true],
  ])("reads SLUICE_DEMO=%s as %s", (value, expected) => {
    expect(parseEnv({ SLUICE_DEMO: value }).demo).toBe(expected);
  });
});

describe("resolveAuthSecret", () => {
  it("generates a secret once, keeps it private in the data folder and reuses it", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-env-"));
    const config = parseEnv({ SLUICE_DATA_DIR: dataDir });
    const first = resolveAuthSecret(config);
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = path.join(dataDir, "nextauth-secret");
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveAuthSecret(parseEnv({ SLUICE_DATA_DIR: dataDir }))).toBe(first);
  });

  it("prefers NEXTAUTH_SECRET when given", () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sluice-env-"));
    const secret = "s".repeat(40);
    expect(resolveAuthSecret(parseEnv({ SLUICE_DATA_DIR: dataDir, NEXTAUTH_SECRET: secret }))).toBe(secret);
  });
});
