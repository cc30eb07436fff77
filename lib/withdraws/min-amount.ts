// A ranged withdraw's minimum (min_amount): an amount in the withdraw's own currency, by the same rules as
// the amount, and at most the amount. Pure, so that a batch file's rows are checked without rates.
import { AppError } from "../errors";
import { formatDecimal, parseAmount, type Currency, type Decimal } from "../money";

/** The minimum as a decimal, or null when none was given (a withdraw of exactly its amount). */
export function parseMinAmount(input: string | number | null | undefined, amount: Decimal, currency: Currency): Decimal | null {
  if (input === undefined || input === null) return null;
  const min = parseAmount(input, currency, "min_amount");
  if (min.gt(amount)) {
    throw new AppError(
      "validation_error",
      `min_amount (${formatDecimal(min)} ${currency}) is above amount (${formatDecimal(amount)} ${currency}); a withdraw's minimum is at most its amount.`,
      "min_amount",
    );
  }
  return min;
}
