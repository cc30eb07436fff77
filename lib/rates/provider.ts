// The one interface every exchange-rate source implements. A rate is sats per one unit of a currency.
import type { Currency, Decimal } from "../money";

export type Rate = {
  currency: Currency;
  /** Sats per one unit of `currency` (exact decimal, truncated to 16 places). */
  satsPerUnit: Decimal;
  /** Where the rate came from, e.g. "configured", "coinbase", "fixed". */
  source: string;
  fetchedAt: Date;
};

export interface RateProvider {
  readonly id: string;
  /** For people: says plainly whether these are live market rates. */
  readonly label: string;
  readonly live: boolean;
  /** Rejects with AppError("rate_unavailable", …) when no usable rate can be had. */
  getRate(currency: Currency): Promise<Rate>;
}
