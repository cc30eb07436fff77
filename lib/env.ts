// Configuration, parsed once with zod. Every error names the variable that is wrong.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";
// Two imports run back up (named in tests/unit/layers.test.ts): the configuration is checked by the parsers of
// what it configures, which import nothing of it.
import { parseNwcUrl, type NwcConnection } from "./lightning/nwc/connection-uri";
import { parseConfiguredRates } from "./rates/configured";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { error: 'must be "true" or "false"' })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);

// One address or a CIDR block: 10.0.0.1, 10.0.0.0/8, ::1, fd00::/8.
function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, extra] = entry.split("/");
  const family = isIP(address ?? "");
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

// The reverse proxies whose X-Forwarded-For is believed: a comma-separated list of addresses and CIDR blocks.
const trustedProxies = z
  .string()
  .transform((v) => v.split(",").map((entry) => entry.trim()).filter(Boolean))
  .refine((entries) => entries.every(isAddressOrCidr), {
    error: "must be a comma-separated list of IP addresses or CIDR blocks, such as 127.0.0.1,10.0.0.0/8",
  });

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
  // Behind a reverse proxy on the same machine, 127.0.0.1: then nothing reaches Sluice but through the proxy.
  LISTEN_ADDRESS: z.preprocess(
    emptyAsUndefined,
    z.string().refine((v) => isIP(v) !== 0, { error: "must be an IP address, such as 127.0.0.1 or ::1" }).optional(),
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
  SLUICE_DATABASE_KIND: z.preprocess(emptyAsUndefined, z.enum(["embedded", "postgresql"]).optional()),
  SLUICE_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default("./.data")),
  NEXTAUTH_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
  ),
  SLUICE_DEMO: z.preprocess(emptyAsUndefined, booleanFlag.default(true)),
  LIGHTNING_BACKEND: z.preprocess(
    emptyAsUndefined,
    z.enum(["simulator", "lnd", "cln", "lnbits", "phoenixd", "nwc"], { error: 'must be "simulator", "lnd", "cln", "lnbits", "phoenixd" or "nwc"' }).default("simulator"),
  ),
  // Each real backend's connection; required only for the chosen one (see lightningConnection below).
  LND_REST_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https$/, error: "must be an https:// URL, such as https://127.0.0.1:8080" }).optional()),
  LND_MACAROON_HEX: z.preprocess(emptyAsUndefined, z.string().regex(/^([0-9a-fA-F]{2})+$/, "must be the macaroon in hex (xxd -p -c 1000 admin.macaroon)").optional()),
  LND_MACAROON_PATH: z.preprocess(emptyAsUndefined, z.string().optional()),
  LND_TLS_CERT_PATH: z.preprocess(emptyAsUndefined, z.string().optional()),
  CLN_REST_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: "must be an https:// URL, such as https://127.0.0.1:3010" }).optional()),
  CLN_RUNE: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z0-9_=-]{20,}$/, "must be a rune (lightning-cli createrune)").optional()),
  CLN_TLS_CERT_PATH: z.preprocess(emptyAsUndefined, z.string().optional()),
  LNBITS_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: "must be an http(s) URL, such as https://lnbits.example.com" }).optional()),
  LNBITS_ADMIN_KEY: z.preprocess(emptyAsUndefined, z.string().regex(/^[0-9a-f]{32}$/, "must be the wallet's admin key (32 hex characters)").optional()),
  LNBITS_INVOICE_KEY: z.preprocess(emptyAsUndefined, z.string().regex(/^[0-9a-f]{32}$/, "must be the wallet's invoice/read key (32 hex characters)").optional()),
  // phoenixd: its HTTP API (http-bind-port, 9740 by default) and the full-access http-password of phoenix.conf.
  PHOENIXD_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: "must be an http(s) URL, such as http://127.0.0.1:9740" }).optional()),
  PHOENIXD_PASSWORD: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^\S+$/, "must be the http-password of phoenix.conf, with no spaces or line breaks")
      .optional(),
  ),
  // Nostr Wallet Connect: the wallet service's connection URI (NIP-47). A credential: it holds the client's secret key.
  NWC_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .superRefine((value, ctx) => {
        const parsed = parseNwcUrl(value);
        if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.problem });
      })
      .optional(),
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
  LNURL_ALLOW_PRIVATE_URLS: z.preprocess(emptyAsUndefined, booleanFlag.default(false)),
  // Requests per second (sustained) of the REST API, per API key and per client address; 0 turns one off.
  API_RATE_LIMIT_PER_KEY: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(100_000).default(25)),
  API_RATE_LIMIT_PER_IP: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(100_000).default(50)),
  TRUSTED_PROXIES: z.preprocess(emptyAsUndefined, trustedProxies.optional()),
  // Attempts per minute on the customer's claim page (paste an invoice, send to an address), per claim link and
  // per client address; 0 turns one off.
  CLAIM_RATE_LIMIT_PER_LINK: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(100_000).default(10)),
  CLAIM_RATE_LIMIT_PER_IP: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(100_000).default(30)),
});

export type Env = {
  port: number;
  /** LISTEN_ADDRESS: the one address the web server listens on; undefined: every interface. */
  listenAddress: string | undefined;
  publicUrl: string;
  /** DATABASE_URL: an external PostgreSQL server. Unset: the embedded PostgreSQL server in the data folder. */
  databaseUrl: string | undefined;
  /** "embedded": the PostgreSQL server Sluice runs itself in the data folder; "postgresql": DATABASE_URL's. */
  databaseKind: "embedded" | "postgresql";
  dataDir: string;
  nextAuthSecret: string | undefined;
  demo: boolean;
  lightning: { backend: LightningConnection["kind"]; network: "bitcoin" | "testnet" | "signet" | "regtest"; connection: LightningConnection };
  feeLimitSats: number;
  paymentTimeoutSeconds: number;
  rates: { provider: "configured" | "coinbase"; configured: string | undefined; coinbaseUrl: string | undefined };
  lnurlSecretKey: string | undefined;
  /** Local development: webhook URLs may be http:// and resolve to private or loopback addresses. */
  webhookAllowPrivateUrls: boolean;
  /** Local development and tests: LNURL services may be http://, on private or loopback addresses, on any port. */
  lnurlAllowPrivateUrls: boolean;
  /** Sustained requests per second of the REST API (bursts of twice as many); 0 means no limit. */
  apiRateLimit: { perKey: number; perIp: number };
  /** Proxies (addresses and CIDR blocks) whose X-Forwarded-For names the client; empty: the connection is the client. */
  trustedProxies: string[];
  /** Claim page attempts per minute (bursts of as many), per claim link and per client address; 0 means no limit. */
  claimRateLimit: { perLink: number; perIp: number };
};

/** How to reach the chosen real backend; file paths are read when the backend is built (lib/lightning/backend.ts). */
export type LightningConnection =
  | { kind: "simulator" }
  | { kind: "lnd"; url: string; macaroonHex: string | undefined; macaroonPath: string | undefined; tlsCertPath: string | undefined }
  | { kind: "cln"; url: string; rune: string; tlsCertPath: string | undefined }
  | { kind: "lnbits"; url: string; adminKey: string; invoiceKey: string }
  | { kind: "phoenixd"; url: string; password: string }
  | { kind: "nwc"; connection: NwcConnection };

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
const SECRET_VARIABLES = new Set([
  "NEXTAUTH_SECRET",
  "DATABASE_URL",
  "LNURL_SECRET_KEY",
  "LND_MACAROON_HEX",
  "CLN_RUNE",
  "LNBITS_ADMIN_KEY",
  "LNBITS_INVOICE_KEY",
  "PHOENIXD_PASSWORD",
  "NWC_URL",
]);

function required<T>(value: T | undefined, variable: string, backend: string): T {
  if (value === undefined) throw new ConfigError(variable, `is required when LIGHTNING_BACKEND=${backend}`);
  return value;
}

function lightningConnection(v: z.infer<typeof schema>): LightningConnection {
  switch (v.LIGHTNING_BACKEND) {
    case "simulator":
      return { kind: "simulator" };
    case "lnd":
      if (!v.LND_MACAROON_HEX && !v.LND_MACAROON_PATH) {
        throw new ConfigError("LND_MACAROON_HEX", "or LND_MACAROON_PATH is required when LIGHTNING_BACKEND=lnd");
      }
      return {
        kind: "lnd",
        url: required(v.LND_REST_URL, "LND_REST_URL", "lnd"),
        macaroonHex: v.LND_MACAROON_HEX,
        macaroonPath: v.LND_MACAROON_PATH,
        tlsCertPath: v.LND_TLS_CERT_PATH,
      };
    case "cln":
      return { kind: "cln", url: required(v.CLN_REST_URL, "CLN_REST_URL", "cln"), rune: required(v.CLN_RUNE, "CLN_RUNE", "cln"), tlsCertPath: v.CLN_TLS_CERT_PATH };
    case "lnbits":
      return {
        kind: "lnbits",
        url: required(v.LNBITS_URL, "LNBITS_URL", "lnbits"),
        adminKey: required(v.LNBITS_ADMIN_KEY, "LNBITS_ADMIN_KEY", "lnbits"),
        invoiceKey: required(v.LNBITS_INVOICE_KEY, "LNBITS_INVOICE_KEY", "lnbits"),
      };
    case "phoenixd":
      return { kind: "phoenixd", url: required(v.PHOENIXD_URL, "PHOENIXD_URL", "phoenixd"), password: required(v.PHOENIXD_PASSWORD, "PHOENIXD_PASSWORD", "phoenixd") };
    case "nwc": {
      const parsed = parseNwcUrl(required(v.NWC_URL, "NWC_URL", "nwc"));
      // Checked by the schema already; kept so that the connection is typed without a cast.
      if (!parsed.ok) throw new ConfigError("NWC_URL", parsed.problem);
      return { kind: "nwc", connection: parsed.connection };
    }
  }
}

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
    listenAddress: v.LISTEN_ADDRESS,
    publicUrl,
    databaseUrl: v.DATABASE_URL,
    databaseKind: v.SLUICE_DATABASE_KIND ?? (v.DATABASE_URL ? "postgresql" : "embedded"),
    dataDir: path.resolve(v.SLUICE_DATA_DIR),
    nextAuthSecret: v.NEXTAUTH_SECRET,
    demo: v.SLUICE_DEMO,
    lightning: { backend: v.LIGHTNING_BACKEND, network: v.LIGHTNING_NETWORK, connection: lightningConnection(v) },
    feeLimitSats: v.FEE_LIMIT_SATS,
    paymentTimeoutSeconds: v.PAYMENT_TIMEOUT_SECONDS,
    rates: { provider: v.RATES_PROVIDER, configured: v.RATES, coinbaseUrl: v.COINBASE_API_URL },
    lnurlSecretKey: v.LNURL_SECRET_KEY,
    webhookAllowPrivateUrls: v.WEBHOOK_ALLOW_PRIVATE_URLS,
    lnurlAllowPrivateUrls: v.LNURL_ALLOW_PRIVATE_URLS,
    apiRateLimit: { perKey: v.API_RATE_LIMIT_PER_KEY, perIp: v.API_RATE_LIMIT_PER_IP },
    trustedProxies: v.TRUSTED_PROXIES ?? [],
    claimRateLimit: { perLink: v.CLAIM_RATE_LIMIT_PER_LINK, perIp: v.CLAIM_RATE_LIMIT_PER_IP },
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
// The file is read once per process (withdraw links are derived from it on every REST answer that shows
// one): a secret file never changes while Sluice runs, and a new file is created exclusively, so two
// processes starting together both end up with the first one's secret.
const generated = new Map<string, string>();

function readStoredSecret(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const stored = readFileSync(file, "utf8").trim();
  return stored.length >= 32 ? stored : undefined;
}

function generatedSecret(config: Env, given: string | undefined, fileName: string): string {
  if (given) return given;
  const file = path.join(config.dataDir, fileName);
  const known = generated.get(file) ?? readStoredSecret(file) ?? createSecretFile(config.dataDir, file);
  generated.set(file, known);
  return known;
}

function createSecretFile(dataDir: string, file: string): string {
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    // A file too short to be a secret is replaced; otherwise only a new file is written.
    writeFileSync(file, secret + "\n", { mode: 0o600, flag: existsSync(file) ? "w" : "wx" });
  } catch (error) {
    const theirs = (error as NodeJS.ErrnoException).code === "EEXIST" ? readStoredSecret(file) : undefined;
    if (theirs) return theirs;
    throw error;
  }
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
