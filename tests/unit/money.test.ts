import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CURRENCIES,
  CURRENCY_DECIMALS,
  Decimal,
  DEFAULT_MAX_FEE_SATS,
  convertToSats,
  feeLimitMsat,
  fixedSatsPerUnit,
  formatDecimal,
  formatMsatAsSats,
  isCurrency,
  isFiatCurrency,
  msatToSats,
  parseAmount,
  parseMsat,
  satsPerUnitFromBtcPrice,
  satsToMsat,
  type Currency,
  displaySats,
  isWholeSats,
  msatAsSatsSql,
  msatFromJsonNumber,
  msatToJsonNumber,
  msatToSatsCeil,
  msatToSatsNumber,
  satsNumberToMsat,
} from "@/lib/money";
import { appErrorOf } from "../support/app-errors";

describe("currencies", () => {
  it("lists the four currencies with their decimal places", () => {
    expect(CURRENCIES).toEqual(["SATS", "BTC", "USD", "EUR"]);
    expect(CURRENCY_DECIMALS).toEqual({ SATS: 3, BTC: 11, USD: 2, EUR: 2 });
  });

  it.each([
    ["SATS", true, false],
    ["BTC", true, false],
    ["USD", true, true],
    ["EUR", true, true],
    ["usd", false, false],
    ["GBP", false, false],
    ["", false, false],
    [1, false, false],
    [undefined, false, false],
  ])("isCurrency(%j) is %s, isFiatCurrency %s", (value, currency, fiat) => {
    expect(isCurrency(value)).toBe(currency);
    expect(isFiatCurrency(value)).toBe(fiat);
  });

  it("fixes SATS at 1 and BTC at 100 000 000 sats, and leaves fiat to a provider", () => {
    expect(fixedSatsPerUnit("SATS")?.toFixed()).toBe("1");
    expect(fixedSatsPerUnit("BTC")?.toFixed()).toBe("100000000");
    expect(fixedSatsPerUnit("USD")).toBeUndefined();
    expect(fixedSatsPerUnit("EUR")).toBeUndefined();
  });
});

describe("parseAmount accepts", () => {
  it.each<[string | number, Currency, string]>([
    ["12", "USD", "12"],
    ["12.50", "USD", "12.5"],
    ["12.5", "EUR", "12.5"],
    ["0.01", "USD", "0.01"],
    [" 7.25 ", "USD", "7.25"],
    ["0007.10", "USD", "7.1"],
    ["12.500", "USD", "12.5"], // trailing zeros change nothing
    ["1.000000000000000000000", "USD", "1"],
    ["0.00012", "BTC", "0.00012"],
    ["0.00000000001", "BTC", "0.00000000001"], // 1 msat
    ["21000000.12345678901", "BTC", "21000000.12345678901"],
    ["1234.567", "SATS", "1234.567"],
    ["0.001", "SATS", "0.001"],
    ["9999999999999999.99", "USD", "9999999999999999.99"], // 16 + 2 digits
    ["9999999999999999.99999999999", "BTC", "9999999999999999.99999999999"], // 16 + 11 digits
    [12, "USD", "12"],
    [12.5, "USD", "12.5"],
    [0.01, "USD", "0.01"],
    [0.00012, "BTC", "0.00012"],
    [1234.567, "SATS", "1234.567"],
    [123456789012345, "SATS", "123456789012345"], // 15 significant digits
    [1e20 / 1e5, "SATS", "1000000000000000"], // 16 digits, but only one significant
  ])("%j %s → %s", (input, currency, expected) => {
    const amount = parseAmount(input, currency);
    expect(formatDecimal(amount)).toBe(expected);
  });
});

describe("parseAmount refuses", () => {
  it.each<[unknown, Currency, string]>([
    ["", "USD", "Amount is required."],
    ["   ", "USD", "Amount is required."],
    ["abc", "USD", 'Amount must be a decimal number such as "12.50" (got "abc").'],
    ["12abc", "USD", 'Amount must be a decimal number such as "12.50" (got "12abc").'],
    ["1.2.3", "USD", 'Amount must be a decimal number such as "12.50" (got "1.2.3").'],
    [".5", "USD", 'Amount must be a decimal number such as "12.50" (got ".5").'],
    ["5.", "USD", 'Amount must be a decimal number such as "12.50" (got "5.").'],
    ["+5", "USD", 'Amount must be a decimal number such as "12.50" (got "+5").'],
    ["0x10", "USD", 'Amount must be a decimal number such as "12.50" (got "0x10").'],
    ["1 000", "USD", 'Amount must be a decimal number such as "12.50" (got "1 000").'],
    ["$5", "USD", 'Amount must be a decimal number such as "12.50" (got "$5").'],
    ["1".repeat(60) + "x", "USD", `Amount must be a decimal number such as "12.50" (got "${"1".repeat(40)}…").`],
    ["12,50", "EUR", 'Amount must use a dot as the decimal separator (got "12,50"); write 12.50 rather than 12,50.'],
    ["1e3", "USD", 'Amount must be written out in full, without exponent notation (got "1e3"); write 1000 rather than 1e3.'],
    ["1.5E-2", "USD", 'Amount must be written out in full, without exponent notation (got "1.5E-2"); write 1000 rather than 1e3.'],
    ["-1e3", "USD", 'Amount must be written out in full, without exponent notation (got "-1e3"); write 1000 rather than 1e3.'],
    ["-5", "USD", "Amount must be greater than zero."],
    ["-0.01", "USD", "Amount must be greater than zero."],
    ["0", "USD", "Amount must be greater than zero."],
    ["0.00", "USD", "Amount must be greater than zero."],
    ["000", "SATS", "Amount must be greater than zero."],
    [0, "USD", "Amount must be greater than zero."],
    [-0, "USD", "Amount must be greater than zero."],
    [-3, "USD", "Amount must be greater than zero."],
    ["NaN", "USD", "Amount must be a finite number."],
    ["Infinity", "USD", "Amount must be a finite number."],
    ["-Infinity", "USD", "Amount must be a finite number."],
    [Number.NaN, "USD", "Amount must be a finite number."],
    [Number.POSITIVE_INFINITY, "USD", "Amount must be a finite number."],
    ["12.345", "USD", 'USD amounts have at most 2 decimal places (got 3 in "12.345").'],
    ["0.001", "EUR", 'EUR amounts have at most 2 decimal places (got 3 in "0.001").'],
    ["1.0001", "SATS", 'SATS amounts have at most 3 decimal places, down to one millisatoshi (got 4 in "1.0001").'],
    [
      "0.000000000001",
      "BTC",
      'BTC amounts have at most 11 decimal places, down to one millisatoshi (got 12 in "0.000000000001").',
    ],
    [
      "1.12345678901234567",
      "BTC",
      'BTC amounts have at most 11 decimal places, down to one millisatoshi (got 17 in "1.12345678901234567").',
    ],
    ["10000000000000000", "SATS", "Amount is too large: at most 16 digits before the decimal point."],
    ["12345678901234567.1", "BTC", "Amount is too large: at most 16 digits before the decimal point."],
    // 33 digits in all
    ["12345678901234567890123.4567890123", "BTC", "Amount is too large: at most 16 digits before the decimal point."],
    [
      0.1 + 0.2,
      "USD",
      'Amount 0.30000000000000004 cannot be represented exactly as a JSON number; send it as a decimal string such as "12.50" (USD amounts have at most 2 decimal places).',
    ],
    [
      2 ** 53 + 1,
      "SATS",
      'Amount 9007199254740992 cannot be represented exactly as a JSON number; send it as a decimal string such as "12.50" (SATS amounts have at most 3 decimal places, down to one millisatoshi).',
    ],
    [
      1e21,
      "SATS",
      'Amount 1e+21 cannot be represented exactly as a JSON number; send it as a decimal string such as "12.50" (SATS amounts have at most 3 decimal places, down to one millisatoshi).',
    ],
    [
      1e-7,
      "BTC",
      'Amount 1e-7 cannot be represented exactly as a JSON number; send it as a decimal string such as "12.50" (BTC amounts have at most 11 decimal places, down to one millisatoshi).',
    ],
    [true, "USD", 'Amount must be a number or a decimal string such as "12.50".'],
    [null, "USD", 'Amount must be a number or a decimal string such as "12.50".'],
    [12.345, "USD", 'USD amounts have at most 2 decimal places (got 3 in "12.345").'],
  ])("%j %s", (input, currency, message) => {
    // Some inputs are deliberately outside the declared type: they arrive from JSON.
    const error = appErrorOf(() => parseAmount(input as string | number, currency));
    expect(error.code).toBe("validation_error");
    expect(error.status).toBe(400);
    expect(error.param).toBe("amount");
    expect(error.message).toBe(message);
  });
});

describe("convertToSats", () => {
  const usd = (rate: string, amount: string) => convertToSats(new Decimal(amount), "USD", new Decimal(rate));

  it.each<[string, Currency, string, bigint, string]>([
    // amount, currency, sats per unit → msat, exchange rate used
    ["0.01", "USD", "1052.6315789", 10_000n, "1052.6315789"], // 10.526… sats
    ["0.02", "USD", "1052.6315789", 21_000n, "1052.6315789"], // 21.05… sats
    ["1", "USD", "1052.6315789473684210526315789", 1_052_000n, "1052.631578947368421"], // rate truncated to 16 places
    ["0.8", "USD", "1250", 1_000_000n, "1250"], // exactly 1000 sats: not 999
    ["0.01", "USD", "1250", 12_000n, "1250"], // 12.5 → 12
    ["90", "EUR", "11.1111111111111111", 999_000n, "11.1111111111111111"], // 999.99… → rounds down
    ["0.1", "EUR", "10", 1_000n, "10"], // exactly 1 sat
    ["1234.567", "SATS", "1", 1_234_000n, "1"], // msat part of a SATS amount is dropped
    ["1", "SATS", "1", 1_000n, "1"],
    ["0.00000001", "BTC", "100000000", 1_000n, "100000000"],
    ["0.00000001999", "BTC", "100000000", 1_000n, "100000000"],
    ["21000000", "BTC", "100000000", 2_100_000_000_000_000_000n, "100000000"],
    ["9999999999999999.99999999999", "BTC", "100000000", 999_999_999_999_999_999_999_999_000n, "100000000"],
    ["9999999999999999.99", "USD", "1052.6315789473684210", 10_526_315_789_473_684_199_000n, "1052.631578947368421"],
  ])("%s %s at %s sats/unit → %s msat", (amount, currency, rate, msat, exchangeRate) => {
    const result = convertToSats(new Decimal(amount), currency, new Decimal(rate));
    expect(result.targetMsat).toBe(msat);
    expect(result.targetMsat % 1000n).toBe(0n);
    expect(formatDecimal(result.exchangeRate)).toBe(exchangeRate);
    // The stored rate reproduces the result, and one more sat would be more than the rate says.
    const sats = new Decimal(amount).times(result.exchangeRate);
    expect(sats.gte((msat / 1000n).toString())).toBe(true);
    expect(sats.lt((msat / 1000n + 1n).toString())).toBe(true);
  });

  it("never pays more than a truncated rate says, even where the exact price would land on a whole sat", () => {
    // 1e8 / 95000 is 1052.631578947368421052…; truncated, 950 USD comes to 999 999.99… sats.
    const rate = satsPerUnitFromBtcPrice(new Decimal("95000"));
    expect(usd(rate.toFixed(), "950").targetMsat).toBe(999_999_000n);
    expect(usd(rate.toFixed(), "0.95").targetMsat).toBe(999_000n);
  });

  it("works on amounts from parseAmount", () => {
    expect(convertToSats(parseAmount("12.34", "EUR"), "EUR", new Decimal("1136.3636363636363636")).targetMsat).toBe(14_022_000n);
  });

  it.each<[string, Currency, string, string]>([
    ["0.0009", "USD", "1052.6315789", "0.0009 USD is less than 1 sat at 1052.6315789 sats per USD; the smallest amount that can be paid is 1 sat."],
    ["0.999", "SATS", "1", "0.999 SATS is less than 1 sat at 1 sats per SATS; the smallest amount that can be paid is 1 sat."],
    ["0.00000000999", "BTC", "100000000", "0.00000000999 BTC is less than 1 sat at 100000000 sats per BTC; the smallest amount that can be paid is 1 sat."],
    ["0.09", "EUR", "11.11", "0.09 EUR is less than 1 sat at 11.11 sats per EUR; the smallest amount that can be paid is 1 sat."],
    ["0", "USD", "1000", "Amount must be greater than zero."],
    ["-1", "USD", "1000", "Amount must be greater than zero."],
  ])("refuses %s %s at %s sats/unit", (amount, currency, rate, message) => {
    const error = appErrorOf(() => convertToSats(new Decimal(amount), currency, new Decimal(rate)));
    expect(error.code).toBe("validation_error");
    expect(error.param).toBe("amount");
    expect(error.message).toBe(message);
  });

  it.each([
    ["0", "The exchange rate for USD is not a positive number."],
    ["-1052", "The exchange rate for USD is not a positive number."],
    ["NaN", "The exchange rate for USD is not a positive number."],
    ["Infinity", "The exchange rate for USD is not a positive number."],
    ["0.00000000000000001", "The exchange rate for USD (0.00000000000000001 sats) is too small to convert with."],
  ])("refuses a rate of %s", (rate, message) => {
    const error = appErrorOf(() => usd(rate, "1"));
    expect(error.code).toBe("rate_unavailable");
    expect(error.status).toBe(503);
    expect(error.message).toBe(message);
  });

  it.each<[Currency, string]>([
    ["SATS", "2"],
    ["BTC", "95000000"],
  ])("refuses a %s rate other than the fixed one (%s)", (currency, rate) => {
    const error = appErrorOf(() => convertToSats(new Decimal("1"), currency, new Decimal(rate)));
    expect(error.code).toBe("internal_error");
    expect(error.message).toMatch(new RegExp(`^${currency} converts at exactly`));
  });
});

describe("satsPerUnitFromBtcPrice", () => {
  it.each([
    ["100000", "1000"],
    ["80000", "1250"],
    ["95000", "1052.631578947368421"], // 1052.6315789473684210 truncated to 16 places
    ["88000.50", "1136.3571797887512002"],
    ["3", "33333333.3333333333333333"],
    ["0.5", "200000000"],
  ])("BTC at %s → %s sats per unit", (price, expected) => {
    const rate = satsPerUnitFromBtcPrice(new Decimal(price));
    expect(formatDecimal(rate)).toBe(expected);
    // Truncated: never above 1e8 / price, and less than 1e-16 below it.
    expect(rate.times(price).lte(100_000_000)).toBe(true);
    expect(rate.plus("1e-16").times(price).gt(100_000_000)).toBe(true);
  });

  it("refuses a price that is not positive", () => {
    expect(appErrorOf(() => satsPerUnitFromBtcPrice(new Decimal(0))).code).toBe("internal_error");
    expect(appErrorOf(() => satsPerUnitFromBtcPrice(new Decimal(-1))).code).toBe("internal_error");
  });
});

describe("millisatoshis", () => {
  it.each([
    [0n, 0n],
    [999n, 0n],
    [1000n, 1n],
    [1999n, 1n],
    [1234567n, 1234n],
    [2_100_000_000_000_000_000n, 2_100_000_000_000_000n],
    [-1n, -1n],
    [-1000n, -1n],
    [-1001n, -2n],
  ])("msatToSats(%s) = %s (floor)", (msat, sats) => {
    expect(msatToSats(msat)).toBe(sats);
  });

  it.each([
    [0n, 0n],
    [1n, 1000n],
    [100n, 100_000n],
    [2_100_000_000_000_000n, 2_100_000_000_000_000_000n],
  ])("satsToMsat(%s) = %s", (sats, msat) => {
    expect(satsToMsat(sats)).toBe(msat);
  });

  it.each([
    [0n, "0"],
    [1n, "0.001"],
    [10n, "0.01"],
    [999n, "0.999"],
    [1500n, "1.5"],
    [5000n, "5"],
    [1234567n, "1234.567"],
    [1234560n, "1234.56"],
    [2_100_000_000_000_000_001n, "2100000000000000.001"],
    [-1500n, "-1.5"],
    [-1n, "-0.001"],
  ])("formatMsatAsSats(%s) = %s", (msat, text) => {
    expect(formatMsatAsSats(msat)).toBe(text);
  });

  it.each([
    ["0", 0n],
    ["1000", 1000n],
    ["007", 7n],
    ["2100000000000000000", 2_100_000_000_000_000_000n],
    ["123456789012345678901234567890", 123_456_789_012_345_678_901_234_567_890n],
    [5n, 5n],
    [0n, 0n],
  ])("parseMsat(%s) = %s", (value, msat) => {
    expect(parseMsat(value)).toBe(msat);
  });

  it.each<[unknown, string]>([
    ["", 'Expected a whole, non-negative number of millisatoshis, such as "1000" (got "").'],
    ["-1", 'Expected a whole, non-negative number of millisatoshis, such as "1000" (got "-1").'],
    ["1.5", 'Expected a whole, non-negative number of millisatoshis, such as "1000" (got "1.5").'],
    ["1e3", 'Expected a whole, non-negative number of millisatoshis, such as "1000" (got "1e3").'],
    [" 1000", 'Expected a whole, non-negative number of millisatoshis, such as "1000" (got " 1000").'],
    ["abc", 'Expected a whole, non-negative number of millisatoshis, such as "1000" (got "abc").'],
    ["1".repeat(41), `Expected a whole, non-negative number of millisatoshis, such as "1000" (got "${"1".repeat(40)}…").`],
    [1000, 'Expected a whole, non-negative number of millisatoshis, such as "1000" (got number).'],
    [-1n, "A millisatoshi amount cannot be negative (got -1)."],
  ])("parseMsat(%s) refuses", (value, message) => {
    const error = appErrorOf(() => parseMsat(value as string | bigint));
    expect(error.code).toBe("validation_error");
    expect(error.message).toBe(message);
  });
});

describe("formatDecimal", () => {
  it.each([
    ["12.50", "12.5"],
    ["12.00", "12"],
    ["0", "0"],
    ["-0", "0"],
    ["0.0000001", "0.0000001"],
    ["1e-20", "0.00000000000000000001"],
    ["1e25", "10000000000000000000000000"],
    ["123456789012345678901234567890.12345678901234567890", "123456789012345678901234567890.1234567890123456789"],
    ["-3.140", "-3.14"],
  ])("%s → %s", (value, text) => {
    expect(formatDecimal(new Decimal(value))).toBe(text);
  });

  it("writes values from the global decimal.js constructor in full too", async () => {
    const { default: Global } = await import("decimal.js");
    expect(formatDecimal(new Global("1e-9"))).toBe("0.000000001");
  });

  it("refuses NaN and infinities", () => {
    expect(appErrorOf(() => formatDecimal(new Decimal(Number.NaN))).code).toBe("internal_error");
    expect(appErrorOf(() => formatDecimal(new Decimal(Number.POSITIVE_INFINITY))).code).toBe("internal_error");
  });
});

describe("feeLimitMsat", () => {
  it("is the configured cap in msat, 100 sats by default", () => {
    expect(DEFAULT_MAX_FEE_SATS).toBe(100n);
    expect(feeLimitMsat(1_000_000n)).toBe(100_000n);
    expect(feeLimitMsat(1_000_000n, { maxFeeSats: 10n })).toBe(10_000n);
    expect(feeLimitMsat(1_000n, { maxFeeSats: 0n })).toBe(0n);
  });

  it("refuses a negative amount or cap", () => {
    expect(appErrorOf(() => feeLimitMsat(-1n)).message).toBe("A payment amount cannot be negative.");
    expect(appErrorOf(() => feeLimitMsat(1000n, { maxFeeSats: -1n })).message).toBe("The routing-fee cap cannot be negative.");
  });
});

describe("JSON numbers at the wire", () => {
  it.each([
    [0n, 0],
    [1n, 0.001],
    [1_234_567n, 1234.567],
    [21_000_000n, 21_000],
    [-1_500n, -1.5],
    [1_000_000_000_000_001n, 1_000_000_000_000.001],
    [8_796_093_022_207_999n, 8_796_093_022_207.999],
    [-8_796_093_022_207_999n, -8_796_093_022_207.999],
    // Whole sats are exact up to 2^53 msat, the largest withdraw (MAX_WITHDRAW_MSAT) among them.
    [8_796_093_022_208_000n, 8_796_093_022_208],
    [9_007_199_254_740_000n, 9_007_199_254_740],
    [-9_007_199_254_740_000n, -9_007_199_254_740],
  ])("writes %s msat as %s sats", (msat, sats) => {
    expect(msatToSatsNumber(msat)).toBe(sats);
    // What a JSON reader sees is the number's shortest text: it must be the exact amount.
    expect(JSON.stringify(msatToSatsNumber(msat))).toBe(formatMsatAsSats(msat));
  });

  it("writes msat exactly below 2^53 and refuses anything it cannot write exactly", () => {
    expect(msatToJsonNumber(21_000_000n)).toBe(21_000_000);
    expect(msatToJsonNumber(9_007_199_254_740_991n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(appErrorOf(() => msatToJsonNumber(9_007_199_254_740_992n)).code).toBe("internal_error");
    expect(appErrorOf(() => msatToSatsNumber(2_100_000_000_000_000_000n)).code).toBe("internal_error");
  });

  it.each([8_796_093_022_208_001n, 8_796_093_022_208_500n, 9_007_199_254_740_991n, -9_007_199_254_740_991n])(
    "refuses to write %s msat as a sats number: from 2^43 sats on, a double cannot hold every millisat",
    (msat) => {
      // 9007199254740.991 is read back as 9007199254740.99, one millisat less.
      const error = appErrorOf(() => msatToSatsNumber(msat));
      expect(error.code).toBe("internal_error");
      expect(error.message).toBe(`${msat} msat cannot be written as an exact JSON number of sats: with millisats, only below 2^43 sats.`);
    },
  );

  it("writes every amount it accepts as a number whose JSON text is the exact amount, and refuses the others", () => {
    const check = (msat: bigint) => {
      const whole = msat % 1000n === 0n;
      const magnitude = msat < 0n ? -msat : msat;
      if (magnitude > 9_007_199_254_740_991n || (!whole && magnitude >= 8_796_093_022_208_000n)) {
        expect(appErrorOf(() => msatToSatsNumber(msat)).code).toBe("internal_error");
        return;
      }
      expect(JSON.stringify(msatToSatsNumber(msat))).toBe(formatMsatAsSats(msat));
      expect(satsNumberToMsat(msatToSatsNumber(msat))).toBe(msat);
    };
    fc.assert(fc.property(fc.bigInt({ min: -8_796_093_022_207_999n, max: 8_796_093_022_207_999n }), check), { numRuns: 2000 });
    fc.assert(fc.property(fc.bigInt({ min: -9_007_199_254_741_000n, max: 9_007_199_254_741_000n }), check), { numRuns: 2000 });
    fc.assert(fc.property(fc.bigInt({ min: -9_007_199_254_741n, max: 9_007_199_254_741n }), (sats) => check(sats * 1000n)), { numRuns: 2000 });
  });
});

describe("displaySats, the one sats formatter of the UI", () => {
  it.each([
    [0n, "0"],
    [1n, "0.001"],
    [999n, "0.999"],
    [1_000n, "1"],
    [1_234_000n, "1,234"],
    [1_234_567_890n, "1,234,567.89"],
    [-1n, "−0.001"],
    [-12_345_000n, "−12,345"],
    [9_007_199_254_740_993n, "9,007,199,254,740.993"],
    [2_100_000_000_000_000_000n, "2,100,000,000,000,000"],
    [-2_100_000_000_000_000_001n, "−2,100,000,000,000,000.001"],
  ])("shows %s msat as %s sats (a true minus sign, U+2212)", (msat, text) => {
    expect(displaySats(msat)).toBe(text);
  });

  it.each([
    [1_500n, "+1.5"],
    [0n, "0"],
    [-1_500n, "−1.5"],
    [2_100_000_000_000_000_000n, "+2,100,000,000,000,000"],
  ])("with signed, shows %s msat as %s (gains get a plus)", (msat, text) => {
    expect(displaySats(msat, { signed: true })).toBe(text);
  });

  it("refuses what is not a bigint of msat", () => {
    const error = appErrorOf(() => displaySats(1500 as unknown as bigint));
    expect(error.code).toBe("internal_error");
    expect(error.message).toBe("An amount in millisatoshis must be a bigint (got number 1500).");
  });
});

describe("conversions between msat and whole sats", () => {
  it.each([
    [0n, 0n],
    [1n, 1n],
    [999n, 1n],
    [1_000n, 1n],
    [1_001n, 2n],
    [9_007_199_254_740_993n, 9_007_199_254_741n],
    [2_100_000_000_000_000_000n, 2_100_000_000_000_000n],
    [2_100_000_000_000_000_001n, 2_100_000_000_000_001n],
    [-1n, 0n],
    [-999n, 0n],
    [-1_000n, -1n],
    [-1_001n, -1n],
  ])("msatToSatsCeil(%s) = %s (the fewest whole sats that cover it)", (msat, sats) => {
    expect(msatToSatsCeil(msat)).toBe(sats);
  });

  it.each([
    [0n, true],
    [1_000n, true],
    [-5_000n, true],
    [2_100_000_000_000_000_000n, true],
    [1n, false],
    [1_500n, false],
    [-1n, false],
    [2_100_000_000_000_000_001n, false],
  ])("isWholeSats(%s) = %s", (msat, whole) => {
    expect(isWholeSats(msat)).toBe(whole);
  });

  it.each([
    [-1n, -1_000n],
    [-2_100_000_000_000_000n, -2_100_000_000_000_000_000n],
    [9_007_199_254_741n, 9_007_199_254_741_000n],
  ])("satsToMsat(%s) = %s, negative and beyond 2^53 exactly", (sats, msat) => {
    expect(satsToMsat(sats)).toBe(msat);
  });

  it.each<[string, () => unknown]>([
    ["msatToSats", () => msatToSats(1500 as unknown as bigint)],
    ["msatToSatsCeil", () => msatToSatsCeil(1500 as unknown as bigint)],
    ["isWholeSats", () => isWholeSats(1500 as unknown as bigint)],
    ["formatMsatAsSats", () => formatMsatAsSats(1500 as unknown as bigint)],
  ])("%s refuses a number in place of a bigint", (_name, run) => {
    expect(appErrorOf(run).message).toBe("An amount in millisatoshis must be a bigint (got number 1500).");
  });

  it("satsToMsat refuses a number in place of a bigint", () => {
    expect(appErrorOf(() => satsToMsat(1.5 as unknown as bigint)).message).toBe("An amount in sats must be a bigint (got number 1.5).");
  });
});

describe("JSON numbers read back", () => {
  it.each([
    [0, 0n],
    [21_000_000, 21_000_000n],
    [-1_500, -1_500n],
    [Number.MAX_SAFE_INTEGER, 9_007_199_254_740_991n],
    [-Number.MAX_SAFE_INTEGER, -9_007_199_254_740_991n],
  ])("msatFromJsonNumber(%s) = %s", (value, msat) => {
    expect(msatFromJsonNumber(value)).toBe(msat);
    expect(msatToJsonNumber(msat)).toBe(value);
  });

  it.each<[unknown, string]>([
    [1.5, "1.5"],
    [2 ** 53, "9007199254740992"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Infinity"],
    ["1000", '"1000"'],
    [1000n, "1000n"],
  ])("msatFromJsonNumber refuses %s", (value, shown) => {
    const error = appErrorOf(() => msatFromJsonNumber(value as number));
    expect(error.code).toBe("validation_error");
    expect(error.message).toBe(`Expected a whole number of millisatoshis that a JSON number holds exactly (at most 2^53 - 1), got ${shown}.`);
  });

  it.each([
    [0, 0n],
    [1, 1_000n],
    [0.001, 1n],
    [1234.567, 1_234_567n],
    [1234.5, 1_234_500n],
    [-0.5, -500n],
    [21_000, 21_000_000n],
    [8_796_093_022_207.999, 8_796_093_022_207_999n],
    [-8_796_093_022_207.999, -8_796_093_022_207_999n],
    [8_796_093_022_208, 8_796_093_022_208_000n],
    [9_007_199_254_740, 9_007_199_254_740_000n],
  ])("satsNumberToMsat(%s) = %s, the inverse of msatToSatsNumber", (sats, msat) => {
    expect(satsNumberToMsat(sats)).toBe(msat);
    expect(msatToSatsNumber(msat)).toBe(sats);
  });

  it("reads back every msatToSatsNumber exactly, without float arithmetic", () => {
    // Multiplying the float would not do: 1.005 * 1000 is 1004.9999999999999.
    expect(1.005 * 1000).not.toBe(1005);
    expect(satsNumberToMsat(1.005)).toBe(1_005n);
    for (const msat of [1n, 7n, 10n, 99n, 1_005n, 1_234_567n, 4_503_599_627_370_497n, 8_796_093_022_207_999n]) {
      expect(satsNumberToMsat(msatToSatsNumber(msat))).toBe(msat);
      expect(satsNumberToMsat(msatToSatsNumber(-msat))).toBe(-msat);
    }
  });

  it.each<[unknown, string]>([
    [0.0001, "0.0001"],
    [1e-7, "1e-7"],
    [1 / 3, "0.3333333333333333"],
    [1e21, "1e+21"],
    // From 2^43 sats on, neighbouring doubles are more than a millisat apart: 9007199254740.991 arrives as
    // 9007199254740.99, so a fraction there is not known to be what its sender meant.
    [8_796_093_022_208.5, "8796093022208.5"],
    [9_007_199_254_740.99, "9007199254740.99"],
    // Beyond 2^53 msat, as msatToJsonNumber.
    [9_007_199_254_741, "9007199254741"],
    [-9_007_199_254_741, "-9007199254741"],
    [Number.NaN, "NaN"],
    [Number.NEGATIVE_INFINITY, "-Infinity"],
    ["5", '"5"'],
  ])("satsNumberToMsat refuses %s", (value, shown) => {
    const error = appErrorOf(() => satsNumberToMsat(value as number));
    expect(error.code).toBe("validation_error");
    expect(error.message).toBe(
      `Expected sats as a JSON number that holds them exactly (at most 3 decimals; whole sats up to 2^53 - 1 msat, a fraction only below 2^43 sats), got ${shown}.`,
    );
  });
});

describe("msatAsSatsSql", () => {
  it("writes an msat column as exact sats text in SQL (the integration suite runs it on PostgreSQL)", () => {
    expect(msatAsSatsSql("w.fees_msat")).toBe("trim_scale(w.fees_msat::numeric / 1000)::text");
    expect(msatAsSatsSql("amount_msat")).toBe("trim_scale(amount_msat::numeric / 1000)::text");
  });

  it.each(["", "w.fees_msat; DROP TABLE withdraws", "1", "a.b.c", "w.\"fees\"", "w.fees_msat "])("refuses %j, which is not a column name", (column) => {
    const error = appErrorOf(() => msatAsSatsSql(column));
    expect(error.code).toBe("internal_error");
    expect(error.message).toMatch(/^Not a column name: /);
  });
});
