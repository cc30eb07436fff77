// The rate a conversion uses. SATS and BTC are fixed (1 and 100 000 000 sats) and never ask a provider.
import { AppError } from "../errors";
import { fixedSatsPerUnit, type Currency } from "../money";
import type { Rate, RateProvider } from "./provider";

export async function getRate(provider: RateProvider, currency: Currency, now: () => Date = () => new Date()): Promise<Rate> {
  const fixed = fixedSatsPerUnit(currency);
  if (fixed) return { currency, satsPerUnit: fixed, source: "fixed", fetchedAt: now() };
  const rate = await provider.getRate(currency);
  if (rate.currency !== currency) {
    throw new AppError("rate_unavailable", `${provider.label} answered with a ${rate.currency} rate when asked for ${currency}.`);
  }
  if (!rate.satsPerUnit.isFinite() || rate.satsPerUnit.lte(0)) {
    throw new AppError("rate_unavailable", `${provider.label} gave no positive exchange rate for ${currency}.`);
  }
  return rate;
}
