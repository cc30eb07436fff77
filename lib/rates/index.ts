// Choosing the rate provider from configuration. Everything a caller needs about rates is exported here.
import { AppError } from "../errors";
import { createCoinbaseProvider } from "./coinbase";
import { createConfiguredProvider } from "./configured";
import type { RateProvider } from "./provider";

export type RateProviderConfig = {
  kind: "configured" | "coinbase";
  /** For "configured": BTC prices such as "USD=95000,EUR=88000"; left-out currencies keep the built-in defaults. */
  configured?: string;
  /** For "coinbase": the API's base URL (default https://api.coinbase.com). */
  coinbaseUrl?: string;
  cacheSeconds?: number;
  timeoutMs?: number;
};

export function createRateProvider(config: RateProviderConfig): RateProvider {
  switch (config.kind) {
    case "configured":
      return createConfiguredProvider(config.configured ?? "");
    case "coinbase":
      return createCoinbaseProvider({ baseUrl: config.coinbaseUrl, cacheSeconds: config.cacheSeconds, timeoutMs: config.timeoutMs });
    default:
      throw new AppError(
        "validation_error",
        `Unknown rate provider ${JSON.stringify(config.kind satisfies never)}; use "configured" or "coinbase".`,
        "kind",
      );
  }
}

export type { Rate, RateProvider } from "./provider";
export { getRate } from "./get-rate";
export {
  CONFIGURED_LABEL,
  CONFIGURED_SOURCE,
  DEFAULT_BTC_PRICES,
  createConfiguredProvider,
  parseConfiguredRates,
  type BtcPrices,
  type ConfiguredRateProvider,
} from "./configured";
export {
  COINBASE_DEFAULT_URL,
  COINBASE_LABEL,
  COINBASE_SOURCE,
  DEFAULT_RATE_CACHE_SECONDS,
  DEFAULT_RATE_TIMEOUT_MS,
  createCoinbaseProvider,
  type CoinbaseProviderOptions,
} from "./coinbase";
