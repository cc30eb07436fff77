// Configuration, parsed once with zod. Every error names the variable that is wrong.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseConfiguredRates } from "./rates/configured";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: 'must be "true" or "false"' })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);

const schema = z.object({
  PORT: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(1, "must be between 1 and 65535")
      .max(65535, "must be between 1 and 65535")
      .default(3000),
  ),
  PUBLIC_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL, such as https://pay.example.com" })
      .refine((u) => URL.canParse(u) && !new URL(u).search && !new URL(u).hash, "must not carry a query string or fragment")
      .optional(),
  ),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection URL")
      .optional(),
  ),
  SLUICE_DATABASE_KIND: z.preprocess(emptyAsUndefined, z.enum(["pglite", "postgresql"]).optional()),
  SLUICE_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default("./.data")),
  NEXTAUTH_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
  ),
  SLUICE_DEMO: z.preprocess(emptyAsUndefined, booleanFlag.default(true)),
  LIGHTNING_BACKEND: z.preprocess(
    emptyAsUndefined,
    z.enum(["simulator"], { error: 'must be "simulator" (the only backend built so far)' }).default("simulator"),
  ),
  LIGHTNING_NETWORK: z.preprocess(
    emptyAsUndefined,
    z.enum(["bitcoin", "testnet", "signet", "regtest"], { error: 'must be "bitcoin", "testnet", "signet" or "regtest"' }).default("regtest"),
  ),
  FEE_LIMIT_SATS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: "must be a whole number of sats" })
      .int("must be a whole number of sats")
      .min(0, "must be between 0 and 100 sats")
      .max(100, "must be between 0 and 100 sats")
      .default(100),
  ),
  PAYMENT_TIMEOUT_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: "must be a whole number of seconds" })
      .int("must be a whole number of seconds")
      .min(1, "must be between 1 and 600 seconds")
      .max(600, "must be between 1 and 600 seconds")
      .default(60),
  ),
  RATES_PROVIDER: z.preprocess(
    emptyAsUndefined,
    z.enum(["configured", "coinbase"], { error: 'must be "configured" or "coinbase"' }).default("configured"),
  ),
  RATES: z.preprocess(emptyAsUndefined, z.string().optional()),
  COINBASE_API_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional()),
  LNURL_SECRET_KEY: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
  ),
  WEBHOOK_ALLOW_PRIVATE_URLS: z.preprocess(emptyAsUndefined, booleanFlag.default(false)),
  // Requests per second (sustained) of the REST API, per API key and per client address; 0 turns one off.
  API_RATE_LIMIT_PER_KEY: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(100_000).default(25)),
  API_RATE_LIMIT_PER_IP: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(100_000).default(50)),
});

export type Env = {
  port: number;
  publicUrl: string;
  /** Set when Sluice talks to a PostgreSQL server (a real one, or the embedded PGlite socket server). */
  databaseUrl: string | undefined;
  databaseKind: "pglite" | "postgresql";
  dataDir: string;
  nextAuthSecret: string | undefined;
  demo: boolean;
  lightning: { backend: "simulator"; network: "bitcoin" | "testnet" | "signet" | "regtest" };
  feeLimitSats: number;
  paymentTimeoutSeconds: number;
  rates: { provider: "configured" | "coinbase"; configured: string | undefined; coinbaseUrl: string | undefined };
  lnurlSecretKey: string | undefined;
  /** Local development: webhook URLs may be http:// and resolve to private or loopback addresses. */
  webhookAllowPrivateUrls: boolean;
  /** Sustained requests per second of the REST API (bursts of twice as many); 0 means no limit. */
  apiRateLimit: { perKey: number; perIp: number };
};

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid configuration: ${variable} ${detail}`);
    this.name = "ConfigError";
  }
}

// Values never repeated in an error message: they are, or may contain, credentials.
const SECRET_VARIABLES = new Set(["NEXTAUTH_SECRET", "DATABASE_URL", "LNURL_SECRET_KEY"]);

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue.path[0] ?? "environment");
    const given = SECRET_VARIABLES.has(variable) ? undefined : source[variable];
    throw new ConfigError(variable, `${issue.message}${given ? ` (got "${given}")` : ""}`);
  }
  const v = result.data;
  if (v.RATES) {
    try {
      parseConfiguredRates(v.RATES);
    } catch (error) {
      throw new ConfigError("RATES", `is not valid: ${(error as Error).message}`);
    }
  }
  const publicUrl = (v.PUBLIC_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, "");
  return {
    port: v.PORT,
    publicUrl,
    databaseUrl: v.DATABASE_URL,
    databaseKind: v.SLUICE_DATABASE_KIND ?? (v.DATABASE_URL ? "postgresql" : "pglite"),
    dataDir: path.resolve(v.SLUICE_DATA_DIR),
    nextAuthSecret: v.NEXTAUTH_SECRET,
    demo: v.SLUICE_DEMO,
    lightning: { backend: v.LIGHTNING_BACKEND, network: v.LIGHTNING_NETWORK },
    feeLimitSats: v.FEE_LIMIT_SATS,
    paymentTimeoutSeconds: v.PAYMENT_TIMEOUT_SECONDS,
    rates: { provider: v.RATES_PROVIDER, configured: v.RATES, coinbaseUrl: v.COINBASE_API_URL },
    lnurlSecretKey: v.LNURL_SECRET_KEY,
    webhookAllowPrivateUrls: v.WEBHOOK_ALLOW_PRIVATE_URLS,
    apiRateLimit: { perKey: v.API_RATE_LIMIT_PER_KEY, perIp: v.API_RATE_LIMIT_PER_IP },
  };
}

let cached: Env | undefined;

/** The process's configuration, parsed on first use. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

// A secret given in the environment, else one generated once and kept (mode 0600) in the data folder, so
// that it survives restarts on the embedded default. Several instances must be given the same value.
function generatedSecret(config: Env, given: string | undefined, fileName: string): string {
  if (given) return given;
  const file = path.join(config.dataDir, fileName);
  if (existsSync(file)) {
    const stored = readFileSync(file, "utf8").trim();
    if (stored.length >= 32) return stored;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret + "\n", { mode: 0o600, flag: "w" });
  chmodSync(file, 0o600);
  return secret;
}

/** Signs session cookies: NEXTAUTH_SECRET, else generated into the data folder. */
export function resolveAuthSecret(config: Env = env()): string {
  return generatedSecret(config, config.nextAuthSecret, "nextauth-secret");
}

/** Derives the LNURL secrets of withdraws (only their hashes are stored): LNURL_SECRET_KEY, else generated. */
export function resolveLnurlSecretKey(config: Env = env()): string {
  return generatedSecret(config, config.lnurlSecretKey, "lnurl-secret-key");
}
