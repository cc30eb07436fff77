// Live exchange rates from Coinbase's public, unauthenticated exchange-rates API, following its documentation,
// "Get exchange rates" (https://docs.cdp.coinbase.com/coinbase-app/track-apis/exchange-rates):
//   GET https://api.coinbase.com/v2/exchange-rates?currency=BTC
//   → {"data":{"currency":"BTC","rates":{"USD":"95123.45","EUR":"88000.1",…}}}
// Each rate is the price of one bitcoin in that currency, as a decimal string; it stays a decimal (never a
// float) and becomes sats per unit as 1e8 / price. One answer carries every currency, so the whole answer is
// cached for a while, and callers arriving while a request is in flight share it.
import { STATUS_CODES } from "node:http";
import { z } from "zod";
import { AppError } from "../errors";
import { discardBody, openRequest, OutboundError, readText } from "../outbound";
import { Decimal, fixedSatsPerUnit, satsPerUnitFromBtcPrice, type Currency } from "../money";
import type { Rate, RateProvider } from "./provider";

export const COINBASE_SOURCE = "coinbase";
export const COINBASE_LABEL = "Coinbase exchange rates (live market data)";
export const COINBASE_DEFAULT_URL = "https://api.coinbase.com";
export const DEFAULT_RATE_TIMEOUT_MS = 5_000;
export const DEFAULT_RATE_CACHE_SECONDS = 60;

export type CoinbaseProviderOptions = {
  /** Where the API lives; tests point this at a local fake. */
  baseUrl?: string;
  /** How long one request may take, body included. */
  timeoutMs?: number;
  /** How long a fetched answer is reused; 0 fetches every time (concurrent callers still share one request). */
  cacheSeconds?: number;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
};

const responseSchema = z.object({
  data: z.object({
    currency: z.string(),
    // Other currencies' values are not ours to judge: only the one asked for is checked.
    rates: z.record(z.string(), z.unknown()),
  }),
});

// The answer is about 10 KB; anything far larger is not the documented answer.
const MAX_ANSWER_BYTES = 1024 * 1024;

const RATE_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

type Snapshot = { prices: Record<string, unknown>; fetchedAt: number };

function unavailable(message: string): AppError {
  return new AppError("rate_unavailable", message);
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function baseUrlOf(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash) {
    throw new AppError(
      "validation_error",
      `The Coinbase API URL must be an http:// or https:// URL without a query string, such as ${COINBASE_DEFAULT_URL} (got ${shown(value)}).`,
      "coinbaseUrl",
    );
  }
  return url.href.replace(/\/+$/, "");
}

function whyRequestFailed(error: unknown, timeoutMs: number): string {
  if (!(error instanceof OutboundError)) return error instanceof Error ? error.message : String(error);
  if (error.failure === "timeout") return `no answer within ${timeoutMs} ms`;
  if (error.failure === "too_large") return `the answer is larger than ${MAX_ANSWER_BYTES} bytes`;
  return error.code ?? error.message;
}

export function createCoinbaseProvider(options: CoinbaseProviderOptions = {}): RateProvider {
  const baseUrl = baseUrlOf(options.baseUrl ?? COINBASE_DEFAULT_URL);
  const url = `${baseUrl}/v2/exchange-rates?currency=BTC`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_RATE_TIMEOUT_MS;
  const cacheSeconds = options.cacheSeconds ?? DEFAULT_RATE_CACHE_SECONDS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    throw new AppError("validation_error", `The rate timeout must be a whole number of milliseconds above zero (got ${timeoutMs}).`, "timeoutMs");
  }
  if (!Number.isFinite(cacheSeconds) || cacheSeconds < 0) {
    throw new AppError("validation_error", `The rate cache time must be zero or more seconds (got ${cacheSeconds}).`, "cacheSeconds");
  }
  const ttlMs = cacheSeconds * 1000;
  const now = options.now ?? Date.now;
  const failed = (reason: string) => unavailable(`Could not get exchange rates from Coinbase (${url}): ${reason}.`);

  let cached: Snapshot | undefined;
  let inFlight: Promise<Snapshot> | undefined;

  async function fetchSnapshot(): Promise<Snapshot> {
    let body: string;
    try {
      const response = await openRequest({
        url: new URL(url),
        method: "GET",
        headers: { accept: "application/json" },
        timeoutMs,
        maxBodyBytes: MAX_ANSWER_BYTES,
      });
      if (response.status < 200 || response.status > 299) {
        await discardBody(response).catch(() => undefined);
        const reason = STATUS_CODES[response.status];
        throw failed(`the server answered HTTP ${response.status}${reason ? ` ${reason}` : ""}`);
      }
      body = await readText(response);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw failed(whyRequestFailed(error, timeoutMs));
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw failed("the answer is not JSON");
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw failed(`the answer does not have the documented shape (${issue.path.join(".") || "body"}: ${issue.message})`);
    }
    const { currency, rates } = parsed.data.data;
    if (currency.toUpperCase() !== "BTC") throw failed(`the answer holds rates for ${shown(currency)}, not for BTC`);
    return { prices: rates, fetchedAt: now() };
  }

  function snapshot(): Promise<Snapshot> {
    if (cached && now() - cached.fetchedAt < ttlMs) return Promise.resolve(cached);
    inFlight ??= fetchSnapshot()
      .then((fresh) => (cached = fresh))
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  }

  return {
    id: COINBASE_SOURCE,
    label: COINBASE_LABEL,
    live: true,
    async getRate(currency: Currency): Promise<Rate> {
      const fixed = fixedSatsPerUnit(currency);
      if (fixed) return { currency, satsPerUnit: fixed, source: "fixed", fetchedAt: new Date(now()) };
      const { prices, fetchedAt } = await snapshot();
      const value = Object.hasOwn(prices, currency) ? prices[currency] : undefined;
      if (value === undefined) throw unavailable(`Coinbase (${url}) gave no BTC price in ${currency}.`);
      if (typeof value !== "string" || !RATE_TEXT.test(value)) {
        throw unavailable(`Coinbase (${url}) gave a BTC price in ${currency} that is not a decimal number: ${shown(value)}.`);
      }
      const price = new Decimal(value);
      if (price.lte(0)) throw unavailable(`Coinbase (${url}) gave a BTC price in ${currency} that is not above zero: ${shown(value)}.`);
      const satsPerUnit = satsPerUnitFromBtcPrice(price);
      if (satsPerUnit.isZero()) {
        throw unavailable(`Coinbase (${url}) gave a BTC price in ${currency} too large to convert with: ${shown(value)}.`);
      }
      return { currency, satsPerUnit, source: COINBASE_SOURCE, fetchedAt: new Date(fetchedAt) };
    },
  };
}
