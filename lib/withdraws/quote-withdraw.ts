// The conversion a withdraw would get now: the amount in sats at the current rate (rounded down), and the
// fee limit reserved with it. Creation locks exactly this; the create form shows it live.
import { env } from "../env";
import { AppError } from "../errors";
import { convertToSats, Decimal, feeLimitMsat, parseAmount, type Currency } from "../money";
import { getRate } from "../rates";
import { rateProvider } from "../rates/current";
import { MAX_WITHDRAW_MSAT } from "./rules";

export type Quote = {
  amount: Decimal;
  currency: Currency;
  targetMsat: bigint;
  exchangeRate: Decimal;
  rateSource: string;
  rateLabel: string;
  feeLimitMsat: bigint;
};

export async function quoteWithdraw(amountInput: string | number, currency: Currency): Promise<Quote> {
  const amount = parseAmount(amountInput, currency);
  const provider = rateProvider();
  const rate = await getRate(provider, currency);
  const { targetMsat, exchangeRate } = convertToSats(amount, currency, rate.satsPerUnit);
  if (targetMsat > MAX_WITHDRAW_MSAT) throw new AppError("validation_error", "That amount is too large for one withdraw.", "amount");
  return {
    amount,
    currency,
    targetMsat,
    exchangeRate,
    rateSource: rate.source,
    rateLabel: rate.source === "fixed" ? "Fixed rate" : provider.label,
    feeLimitMsat: feeLimitMsat(targetMsat, { maxFeeSats: BigInt(env().feeLimitSats) }),
  };
}
