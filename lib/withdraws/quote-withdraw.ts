// The conversion a withdraw would get now: the amount in sats at the current rate (rounded down), the fee
// limit reserved with it, and for a ranged withdraw its minimum, converted at the same rate and rounded the
// same way. Creation locks exactly this; the create form shows it live.
import { env } from "../env";
import { AppError } from "../errors";
import { convertToSats, Decimal, feeLimitMsat, parseAmount, type Currency } from "../money";
import { getRate } from "../rates";
import { rateProvider } from "../rates/current";
import { parseMinAmount } from "./min-amount";
import { MAX_WITHDRAW_MSAT } from "./rules";

export type Quote = {
  amount: Decimal;
  currency: Currency;
  targetMsat: bigint;
  exchangeRate: Decimal;
  rateSource: string;
  rateLabel: string;
  feeLimitMsat: bigint;
  /** A ranged withdraw's minimum, in `currency` and in msat; null for a withdraw of exactly its amount. */
  minAmount: Decimal | null;
  minTargetMsat: bigint | null;
};

export async function quoteWithdraw(amountInput: string | number, currency: Currency, minAmountInput?: string | number | null): Promise<Quote> {
  const amount = parseAmount(amountInput, currency);
  const minAmount = parseMinAmount(minAmountInput, amount, currency);
  const provider = rateProvider();
  const rate = await getRate(provider, currency);
  const { targetMsat, exchangeRate } = convertToSats(amount, currency, rate.satsPerUnit);
  if (targetMsat > MAX_WITHDRAW_MSAT) throw new AppError("validation_error", "That amount is too large for one withdraw.", "amount");
  // The locked rate, not a fresh one: the range's two ends are converted alike, and never cross.
  const minTargetMsat = minAmount ? convertToSats(minAmount, currency, exchangeRate, "min_amount").targetMsat : null;
  return {
    amount,
    currency,
    targetMsat,
    exchangeRate,
    rateSource: rate.source,
    rateLabel: rate.source === "fixed" ? "Fixed rate" : provider.label,
    feeLimitMsat: feeLimitMsat(targetMsat, { maxFeeSats: BigInt(env().feeLimitSats) }),
    minAmount,
    minTargetMsat,
  };
}
