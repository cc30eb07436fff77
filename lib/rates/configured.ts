// Exchange rates set by the operator, written as the price of one bitcoin in each fiat currency
// ("USD=95000,EUR=88000.50"), the way people quote them. This is the embedded default: it is not live market
// data, and its label says so.
import { AppError } from "../errors";
import {
  Decimal,
  FIAT_CURRENCIES,
  fixedSatsPerUnit,
  isCurrency,
  isFiatCurrency,
  satsPerUnitFromBtcPrice,
  type Currency,
  type FiatCurrency,
} from "../money";
import type { Rate, RateProvider } from "./provider";

export const CONFIGURED_SOURCE = "configured";
export const CONFIGURED_LABEL = "Configured rates (not live market data)";

/** BTC prices used for any currency the configuration leaves out. Placeholders, not market data. */
export const DEFAULT_BTC_PRICES: Readonly<Record<FiatCurrency, string>> = { USD: "95000", EUR: "88000" };

export type BtcPrices = Record<FiatCurrency, Decimal>;

// Up to 16 digits before the point and 16 after, like an amount.
const PRICE_TEXT = /^\d{1,16}(?:\.\d{1,16})?$/;

function badConfig(entry: string, detail: string): AppError {
  return new AppError("validation_error", `Configured rates: entry ${JSON.stringify(entry)} ${detail}`, "rates");
}

/**
 * The BTC prices in a configuration string such as "USD=95000,EUR=88000.50" (currency codes in any case,
 * spaces around entries allowed, an empty string meaning none). Throws AppError("validation_error") naming
 * the entry at fault.
 */
export function parseConfiguredRates(config: string): Partial<BtcPrices> {
  const prices: Partial<BtcPrices> = {};
  for (const raw of config.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const equals = entry.indexOf("=");
    if (equals < 0) {
      // "USD=95,000" splits into "USD=95" and "000": say why rather than only what.
      const hint = /^\d/.test(entry) ? "; write prices without thousands separators" : "";
      throw badConfig(entry, `must look like CURRENCY=BTC_PRICE, such as USD=95000${hint}.`);
    }
    const code = entry.slice(0, equals).trim().toUpperCase();
    const priceText = entry.slice(equals + 1).trim();
    if (isCurrency(code) && !isFiatCurrency(code)) {
      throw badConfig(entry, `names ${code}, whose rate is fixed and cannot be configured.`);
    }
    if (!isFiatCurrency(code)) {
      throw badConfig(entry, `names an unknown currency ${JSON.stringify(code)}; rates can be configured for ${FIAT_CURRENCIES.join(" and ")}.`);
    }
    if (prices[code]) throw badConfig(entry, `repeats ${code}, which is already configured.`);
    if (!PRICE_TEXT.test(priceText)) {
      throw badConfig(entry, `must give the price of one bitcoin in ${code} as a plain decimal number, such as ${code}=95000 or ${code}=88000.50.`);
    }
    const price = new Decimal(priceText);
    if (price.isZero()) throw badConfig(entry, `must give a BTC price greater than zero.`);
    if (satsPerUnitFromBtcPrice(price).isZero()) throw badConfig(entry, `gives a BTC price too large to convert with.`);
    prices[code] = price;
  }
  return prices;
}

export type ConfiguredRateProvider = RateProvider & {
  /** The BTC price each currency's rate derives from (configured, or the built-in default). */
  readonly btcPrices: Readonly<BtcPrices>;
};

/** A provider of the rates in `config` (see parseConfiguredRates); currencies left out keep DEFAULT_BTC_PRICES. */
export function createConfiguredProvider(config = "", options: { now?: () => Date } = {}): ConfiguredRateProvider {
  const now = options.now ?? (() => new Date());
  const given = parseConfiguredRates(config);
  const btcPrices = Object.fromEntries(
    FIAT_CURRENCIES.map((code) => [code, given[code] ?? new Decimal(DEFAULT_BTC_PRICES[code])]),
  ) as BtcPrices;
  const satsPerUnit = Object.fromEntries(
    FIAT_CURRENCIES.map((code) => [code, satsPerUnitFromBtcPrice(btcPrices[code])]),
  ) as Record<FiatCurrency, Decimal>;

  return {
    id: CONFIGURED_SOURCE,
    label: CONFIGURED_LABEL,
    live: false,
    btcPrices,
    async getRate(currency: Currency): Promise<Rate> {
      const fixed = fixedSatsPerUnit(currency);
      if (fixed) return { currency, satsPerUnit: fixed, source: "fixed", fetchedAt: now() };
      if (!isFiatCurrency(currency)) throw new AppError("rate_unavailable", `There is no configured rate for ${String(currency)}.`);
      return { currency, satsPerUnit: satsPerUnit[currency], source: CONFIGURED_SOURCE, fetchedAt: now() };
    },
  };
}
