// All money arithmetic in one place. A withdraw's amount is an exact decimal in its currency; Lightning
// amounts are bigint millisatoshis; the one conversion between them floors to whole sats, so Sluice never
// pays more than the locked exchange rate says. No floating point ever touches money here.
import DecimalJs from "decimal.js";
import { AppError } from "./errors";

/**
 * The decimal.js constructor for money: 64 significant digits, rounding toward zero, and normal notation
 * (never "1e-7") from toString. A clone, so the library's global configuration is left alone.
 */
export const Decimal = DecimalJs.clone({
  precision: 64,
  rounding: DecimalJs.ROUND_DOWN,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});
export type Decimal = DecimalJs;

export const CURRENCIES = ["SATS", "BTC", "USD", "EUR"] as const;
export type Currency = (typeof CURRENCIES)[number];

/** Currencies whose rate comes from a rate provider; SATS and BTC are fixed. */
export const FIAT_CURRENCIES = ["USD", "EUR"] as const satisfies readonly Currency[];
export type FiatCurrency = (typeof FIAT_CURRENCIES)[number];

/** A withdraw is always paid in sats. */
export const TARGET_CURRENCY = "SATS" satisfies Currency;

/** Decimal places an amount may carry: SATS and BTC down to one millisatoshi, fiat down to the cent. */
export const CURRENCY_DECIMALS: Readonly<Record<Currency, number>> = { SATS: 3, BTC: 11, USD: 2, EUR: 2 };

export const MSAT_PER_SAT = 1000n;
export const SATS_PER_BTC = 100_000_000n;

/** Amounts are stored as DECIMAL(32,16): at most 32 digits, 16 of them after the point, so 16 before it. */
export const AMOUNT_MAX_DIGITS = 32;
export const AMOUNT_MAX_SCALE = 16;
export const AMOUNT_MAX_INTEGER_DIGITS = AMOUNT_MAX_DIGITS - AMOUNT_MAX_SCALE;

/** Exchange rates (sats per unit) are kept to 16 decimal places, truncated, so the stored rate is the one used. */
export const EXCHANGE_RATE_DECIMALS = 16;

/** The routing-fee cap when none is configured: 100 sats. */
export const DEFAULT_MAX_FEE_SATS = 100n;

/** A JSON number with at most this many significant digits is exactly what its sender wrote (IEEE-754 double). */
const MAX_EXACT_JSON_DIGITS = 15;

export function isCurrency(value: unknown): value is Currency {
  return typeof value === "string" && (CURRENCIES as readonly string[]).includes(value);
}

export function isFiatCurrency(value: unknown): value is FiatCurrency {
  return typeof value === "string" && (FIAT_CURRENCIES as readonly string[]).includes(value);
}

/** Sats per unit for the currencies whose rate never changes (SATS 1, BTC 100 000 000); undefined for fiat. */
export function fixedSatsPerUnit(currency: Currency): Decimal | undefined {
  if (currency === "SATS") return new Decimal(1);
  if (currency === "BTC") return new Decimal(SATS_PER_BTC.toString());
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Parsing amounts

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const EXPONENT_NOTATION = /^[+-]?(?:\d+\.?\d*|\.\d+)e[+-]?\d+$/i;
const NEGATIVE_NUMBER = /^-\s*(?:\d+\.?\d*|\.\d+)$/;
const COMMA_DECIMAL = /^\d+,\d+$/;
const NON_FINITE = /^[+-]?(?:nan|infinity|inf)$/i;

/** The input fields that carry an amount: a withdraw's amount, and the minimum of a ranged withdraw. */
export type AmountField = "amount" | "min_amount";
const AMOUNT_LABEL: Record<AmountField, string> = { amount: "Amount", min_amount: "min_amount" };

function invalidAmount(message: string, field: AmountField = "amount"): AppError {
  return new AppError("validation_error", message, field);
}

/** User text, shortened, for an error message. */
function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function decimalsRule(currency: Currency): string {
  const places = Math.min(CURRENCY_DECIMALS[currency], AMOUNT_MAX_SCALE);
  const unit = currency === "SATS" || currency === "BTC" ? ", down to one millisatoshi" : "";
  return `${currency} amounts have at most ${places} decimal place${places === 1 ? "" : "s"}${unit}`;
}

/** Significant digits of a plain decimal string ("0.00120" → 2, "1200" → 2). */
function significantDigits(text: string): number {
  return text.replace(/^[+-]/, "").replace(".", "").replace(/^0+/, "").replace(/0+$/, "").length;
}

function amountText(input: unknown, currency: Currency, field: AmountField): string {
  const label = AMOUNT_LABEL[field];
  const invalid = (message: string) => invalidAmount(message, field);
  if (typeof input === "number") {
    if (!Number.isFinite(input)) throw invalid(`${label} must be a finite number.`);
    if (input <= 0) throw invalid(`${label} must be greater than zero.`);
    // String(n) is the shortest text that reads back as n. With an exponent, or with more significant digits
    // than a double keeps, it is not necessarily what the sender meant (0.1 + 0.2 = 0.30000000000000004).
    const text = String(input);
    if (/e/i.test(text) || significantDigits(text) > MAX_EXACT_JSON_DIGITS) {
      throw invalid(
        `${label} ${text} cannot be represented exactly as a JSON number; send it as a decimal string such as "12.50" (${decimalsRule(currency)}).`,
      );
    }
    return text;
  }
  if (typeof input !== "string") throw invalid(`${label} must be a number or a decimal string such as "12.50".`);
  return input.trim();
}

/**
 * An amount in `currency`, from a JSON number or a decimal string ("12", "12.50", "0.00012"). Refuses, with
 * an AppError("validation_error", …, field) naming the problem: empty, not a number, exponent notation,
 * zero or negative, NaN/Infinity, more decimal places than the currency allows, more than 16 digits before
 * the point (DECIMAL(32,16)), and JSON numbers that may not be what the sender wrote. `field` names the
 * input in the error (a ranged withdraw's min_amount follows the same rules as its amount).
 */
export function parseAmount(input: string | number, currency: Currency, field: AmountField = "amount"): Decimal {
  const label = AMOUNT_LABEL[field];
  const invalid = (message: string) => invalidAmount(message, field);
  const text = amountText(input, currency, field);
  if (text === "") throw invalid(`${label} is required.`);
  if (NON_FINITE.test(text)) throw invalid(`${label} must be a finite number.`);
  if (EXPONENT_NOTATION.test(text)) {
    throw invalid(`${label} must be written out in full, without exponent notation (got ${quote(text)}); write 1000 rather than 1e3.`);
  }
  if (NEGATIVE_NUMBER.test(text)) throw invalid(`${label} must be greater than zero.`);
  if (COMMA_DECIMAL.test(text)) {
    throw invalid(`${label} must use a dot as the decimal separator (got ${quote(text)}); write 12.50 rather than 12,50.`);
  }
  const match = PLAIN_DECIMAL.exec(text);
  if (!match) throw invalid(`${label} must be a decimal number such as "12.50" (got ${quote(text)}).`);

  const integerDigits = match[1].replace(/^0+/, "");
  // Trailing zeros after the point change nothing: "12.500" is 12.5.
  const fractionDigits = (match[2] ?? "").replace(/0+$/, "");
  if (integerDigits.length > AMOUNT_MAX_INTEGER_DIGITS) {
    throw invalid(`${label} is too large: at most ${AMOUNT_MAX_INTEGER_DIGITS} digits before the decimal point.`);
  }
  const places = Math.min(CURRENCY_DECIMALS[currency], AMOUNT_MAX_SCALE);
  if (fractionDigits.length > places) {
    const rule = `${decimalsRule(currency)} (got ${fractionDigits.length} in ${quote(text)}).`;
    throw invalid(field === "amount" ? rule : `${label}: ${rule}`);
  }
  // 16 digits before the point and at most 16 after: never more than 32 in all (DECIMAL(32,16)).
  const amount = new Decimal(`${integerDigits || "0"}.${fractionDigits || "0"}`);
  if (amount.isZero()) throw invalid(`${label} must be greater than zero.`);
  return amount;
}

// ---------------------------------------------------------------------------------------------------------
// Conversion

/** Sats per one unit of a currency whose BTC price is `btcPrice` (1e8 / price), truncated to 16 places. */
export function satsPerUnitFromBtcPrice(btcPrice: Decimal): Decimal {
  if (!btcPrice.isFinite() || btcPrice.lte(0)) {
    throw new AppError("internal_error", "A BTC price must be a positive number to derive an exchange rate from it.");
  }
  return new Decimal(SATS_PER_BTC.toString()).div(btcPrice).toDecimalPlaces(EXCHANGE_RATE_DECIMALS, Decimal.ROUND_DOWN);
}

/**
 * `amount` of `currency` in millisatoshis at `satsPerUnit`, floored to whole sats (so a multiple of 1000n).
 * The rate is truncated to 16 decimal places first and returned as `exchangeRate`: store that one, and
 * floor(amount × exchangeRate) reproduces the result. Less than one sat is a validation_error.
 */
export function convertToSats(
  amount: Decimal,
  currency: Currency,
  satsPerUnit: Decimal,
  field: AmountField = "amount",
): { targetMsat: bigint; exchangeRate: Decimal } {
  if (!amount.isFinite() || amount.lte(0)) throw invalidAmount(`${AMOUNT_LABEL[field]} must be greater than zero.`, field);
  if (!satsPerUnit.isFinite() || satsPerUnit.lte(0)) {
    throw new AppError("rate_unavailable", `The exchange rate for ${currency} is not a positive number.`);
  }
  const exchangeRate = new Decimal(satsPerUnit).toDecimalPlaces(EXCHANGE_RATE_DECIMALS, Decimal.ROUND_DOWN);
  if (exchangeRate.isZero()) {
    throw new AppError(
      "rate_unavailable",
      `The exchange rate for ${currency} (${formatDecimal(satsPerUnit)} sats) is too small to convert with.`,
    );
  }
  const fixed = fixedSatsPerUnit(currency);
  if (fixed && !exchangeRate.eq(fixed)) {
    throw new AppError(
      "internal_error",
      `${currency} converts at exactly ${formatDecimal(fixed)} sats per ${currency}, not ${formatDecimal(satsPerUnit)}.`,
    );
  }
  // Both factors are short enough (≤ 32 and ≤ 25 digits) for the product to be exact at 64 digits.
  const sats = new Decimal(amount).times(exchangeRate).floor();
  if (sats.isZero()) {
    const named = field === "amount" ? "" : `${AMOUNT_LABEL[field]} `;
    throw invalidAmount(
      `${named}${formatDecimal(amount)} ${currency} is less than 1 sat at ${formatDecimal(exchangeRate)} sats per ${currency}; the smallest amount that can be paid is 1 sat.`,
      field,
    );
  }
  return { targetMsat: BigInt(sats.toFixed(0)) * MSAT_PER_SAT, exchangeRate };
}

// ---------------------------------------------------------------------------------------------------------
// Millisatoshis. Every conversion between msat and sats is one of these functions: nowhere else is an amount
// multiplied or divided by 1000 (eslint.config.mjs refuses it outside this file).

function requireMsat(msat: bigint): void {
  if (typeof msat !== "bigint") {
    throw new AppError("internal_error", `An amount in millisatoshis must be a bigint (got ${typeof msat} ${String(msat)}).`);
  }
}

/** Whole sats in `msat`, rounded down (towards minus infinity). */
export function msatToSats(msat: bigint): bigint {
  requireMsat(msat);
  const sats = msat / MSAT_PER_SAT;
  return msat < 0n && msat % MSAT_PER_SAT !== 0n ? sats - 1n : sats;
}

/** Whole sats in `msat`, rounded up (towards plus infinity): the fewest whole sats that cover `msat`. */
export function msatToSatsCeil(msat: bigint): bigint {
  requireMsat(msat);
  return -msatToSats(-msat);
}

/** Whether `msat` is a whole number of sats, so that a backend which counts in sats takes it unrounded. */
export function isWholeSats(msat: bigint): boolean {
  requireMsat(msat);
  return msat % MSAT_PER_SAT === 0n;
}

export function satsToMsat(sats: bigint): bigint {
  if (typeof sats !== "bigint") throw new AppError("internal_error", `An amount in sats must be a bigint (got ${typeof sats} ${String(sats)}).`);
  return sats * MSAT_PER_SAT;
}

/** `msat` as sats, exactly: 1234567n → "1234.567", 5000n → "5", 1500n → "1.5". */
export function formatMsatAsSats(msat: bigint): string {
  requireMsat(msat);
  const negative = msat < 0n;
  const magnitude = negative ? -msat : msat;
  const whole = magnitude / MSAT_PER_SAT;
  const rest = magnitude % MSAT_PER_SAT;
  const fraction = rest === 0n ? "" : `.${rest.toString().padStart(3, "0").replace(/0+$/, "")}`;
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

const SQL_COLUMN = /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?$/;

/**
 * SQL for the bigint msat `column` as its exact sats text, the text formatMsatAsSats writes (5000 → "5",
 * 1500 → "1.5", 1 → "0.001", NULL stays NULL), for queries that format amounts in the database.
 */
export function msatAsSatsSql(column: string): string {
  if (typeof column !== "string" || !SQL_COLUMN.test(column)) {
    throw new AppError("internal_error", `Not a column name: ${typeof column === "string" ? quote(column) : typeof column}.`);
  }
  // numeric division is exact here (a bigint over 1000 has at most 3 decimals); trim_scale drops the zeros.
  return `trim_scale(${column}::numeric / ${MSAT_PER_SAT})::text`;
}

/** A decimal in plain notation (never an exponent), without trailing zeros: 12.50 → "12.5", 1e-7 → "0.0000001". */
export function formatDecimal(value: Decimal): string {
  if (!value.isFinite()) throw new AppError("internal_error", `Cannot format ${value.toString()} as an amount.`);
  if (value.isZero()) return "0";
  return new Decimal(value).toFixed();
}

/** The most Sluice lets the node spend on routing fees for one payment: the configured cap, in msat. */
export function feeLimitMsat(amountMsat: bigint, options: { maxFeeSats?: bigint } = {}): bigint {
  const maxFeeSats = options.maxFeeSats ?? DEFAULT_MAX_FEE_SATS;
  if (amountMsat < 0n) throw new AppError("internal_error", "A payment amount cannot be negative.");
  if (maxFeeSats < 0n) throw new AppError("internal_error", "The routing-fee cap cannot be negative.");
  return satsToMsat(maxFeeSats);
}

const MSAT_TEXT = /^\d{1,40}$/;

/** A non-negative whole number of millisatoshis, from a bigint or its decimal text (as databases and JSON carry it). */
export function parseMsat(value: string | bigint): bigint {
  if (typeof value === "bigint") {
    if (value < 0n) throw new AppError("validation_error", `A millisatoshi amount cannot be negative (got ${value}).`);
    return value;
  }
  if (typeof value !== "string" || !MSAT_TEXT.test(value)) {
    const shown = typeof value === "string" ? quote(value) : typeof value;
    throw new AppError("validation_error", `Expected a whole, non-negative number of millisatoshis, such as "1000" (got ${shown}).`);
  }
  return BigInt(value);
}

// ---------------------------------------------------------------------------------------------------------
// JSON numbers at the wire (Speed's sats, LNURL's msat). Arithmetic never uses them; they are produced only
// here, and only while exact. Msat: whole numbers below 2^53. Sats: whole sats up to the same 2^53 msat; a
// fraction of a sat only below 2^43 sats, where neighbouring doubles are less than 2^-10 sat apart (finer than
// a millisat), so every sats value with 3 decimals is a double of its own whose shortest text (what JSON
// writes and reads) is that value. Above it, 9007199254740.991 would arrive as 9007199254740.99.

const MAX_EXACT_MSAT = BigInt(Number.MAX_SAFE_INTEGER);
const MAX_FRACTIONAL_SATS_MSAT = 2n ** 43n * MSAT_PER_SAT - 1n;

function assertExact(msat: bigint): void {
  requireMsat(msat);
  if (msat > MAX_EXACT_MSAT || msat < -MAX_EXACT_MSAT) {
    throw new AppError("internal_error", `${msat} msat cannot be written as an exact JSON number.`);
  }
}

/** Whether sats of `magnitude` msat (not negative) are exact as a JSON number: see above. */
function exactAsSatsNumber(magnitude: bigint): boolean {
  return magnitude <= MAX_EXACT_MSAT && (magnitude % MSAT_PER_SAT === 0n || magnitude <= MAX_FRACTIONAL_SATS_MSAT);
}

/** Sats as a JSON number, e.g. 1234567n msat → 1234.567. */
export function msatToSatsNumber(msat: bigint): number {
  assertExact(msat);
  if (!exactAsSatsNumber(msat < 0n ? -msat : msat)) {
    throw new AppError("internal_error", `${msat} msat cannot be written as an exact JSON number of sats: with millisats, only below 2^43 sats.`);
  }
  return Number(formatMsatAsSats(msat));
}

/** Msat as a JSON number (LNURL's minWithdrawable and maxWithdrawable). */
export function msatToJsonNumber(msat: bigint): number {
  assertExact(msat);
  return Number(msat);
}

/** Msat from a JSON number (a backend's amount, a scan's amount_msat): the inverse of msatToJsonNumber. */
export function msatFromJsonNumber(value: number): bigint {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    const shown = typeof value === "string" ? JSON.stringify(value) : typeof value === "bigint" ? `${value}n` : String(value);
    throw new AppError(
      "validation_error",
      `Expected a whole number of millisatoshis that a JSON number holds exactly (at most 2^53 - 1), got ${shown}.`,
    );
  }
  return BigInt(value);
}

const SATS_NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d{1,3}))?$/;

/**
 * Msat from sats as a JSON number, exactly: the inverse of msatToSatsNumber (1234.567 → 1234567n), with the
 * same range. The number is read from its shortest decimal text (what JSON carries), never multiplied as a
 * float; more than 3 decimals, or a number that may not be the amount its sender meant, is refused.
 */
export function satsNumberToMsat(sats: number): bigint {
  const match = typeof sats === "number" && Number.isFinite(sats) ? SATS_NUMBER_TEXT.exec(String(sats)) : null;
  const magnitude = match ? BigInt(match[2]) * MSAT_PER_SAT + BigInt((match[3] ?? "").padEnd(3, "0")) : null;
  if (magnitude === null || !exactAsSatsNumber(magnitude)) {
    const shown = typeof sats === "string" ? JSON.stringify(sats) : String(sats);
    throw new AppError(
      "validation_error",
      `Expected sats as a JSON number that holds them exactly (at most 3 decimals; whole sats up to 2^53 - 1 msat, a fraction only below 2^43 sats), got ${shown}.`,
    );
  }
  return match![1] === "-" ? -magnitude : magnitude;
}

/**
 * Sats for people, the one sats formatter of the UI: exact, with thousands separators and a true minus sign
 * (U+2212), e.g. 1234567890n msat → "1,234,567.89", -1500n → "−1.5"; `signed` also puts "+" before a gain.
 */
export function displaySats(msat: bigint, options: { signed?: boolean } = {}): string {
  const text = formatMsatAsSats(msat);
  const negative = text.startsWith("-");
  const [whole, fraction] = (negative ? text.slice(1) : text).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const sign = negative ? "\u2212" : options.signed && msat > 0n ? "+" : "";
  return `${sign}${grouped}${fraction ? `.${fraction}` : ""}`;
}
