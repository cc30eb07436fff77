import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Decimal, convertToSats, formatDecimal, type Currency } from "@/lib/money";
import { createCoinbaseProvider } from "@/lib/rates/coinbase";
import { CONFIGURED_LABEL, createConfiguredProvider, parseConfiguredRates } from "@/lib/rates/configured";
import { getRate } from "@/lib/rates/get-rate";
import { createRateProvider } from "@/lib/rates";
import type { Rate, RateProvider } from "@/lib/rates/provider";
import { appErrorOf, rejectedAppError } from "../support/app-errors";

describe("configured rates", () => {
  it("parses BTC prices, in any case and with spaces, ignoring empty entries", () => {
    const prices = parseConfiguredRates(" usd = 95000 , EUR=88000.50,");
    expect(Object.keys(prices).sort()).toEqual(["EUR", "USD"]);
    expect(prices.USD?.toFixed()).toBe("95000");
    expect(prices.EUR?.toFixed()).toBe("88000.5");
    expect(parseConfiguredRates("")).toEqual({});
  });

  it.each([
    ["USD", "must look like CURRENCY=BTC_PRICE, such as USD=95000."],
    ["USD:95000", "must look like CURRENCY=BTC_PRICE, such as USD=95000."],
    ["GBP=80000", 'names an unknown currency "GBP"; rates can be configured for USD and EUR.'],
    ["=95000", 'names an unknown currency ""; rates can be configured for USD and EUR.'],
    ["BTC=1", "names BTC, whose rate is fixed and cannot be configured."],
    ["sats=1", "names SATS, whose rate is fixed and cannot be configured."],
    ["USD=", "must give the price of one bitcoin in USD as a plain decimal number, such as USD=95000 or USD=88000.50."],
    ["USD=abc", "must give the price of one bitcoin in USD as a plain decimal number, such as USD=95000 or USD=88000.50."],
    ["USD=9.5e4", "must give the price of one bitcoin in USD as a plain decimal number, such as USD=95000 or USD=88000.50."],
    ["USD=-95000", "must give the price of one bitcoin in USD as a plain decimal number, such as USD=95000 or USD=88000.50."],
    ["USD=95,000", "must look like CURRENCY=BTC_PRICE, such as USD=95000; write prices without thousands separators."],
    ["USD=0", "must give a BTC price greater than zero."],
    ["EUR=0.000", "must give a BTC price greater than zero."],
    ["USD=12345678901234567", "must give the price of one bitcoin in USD as a plain decimal number, such as USD=95000 or USD=88000.50."],
  ])("refuses %j", (config, detail) => {
    const entry = config.split(",").at(-1)?.trim() ?? config;
    const error = appErrorOf(() => parseConfiguredRates(config));
    expect(error.code).toBe("validation_error");
    expect(error.message).toBe(`Configured rates: entry ${JSON.stringify(entry)} ${detail}`);
  });

  it("names the entry at fault among several, and refuses a currency given twice", () => {
    expect(appErrorOf(() => parseConfiguredRates("USD=95000,EUR=lots")).message).toBe(
      'Configured rates: entry "EUR=lots" must give the price of one bitcoin in EUR as a plain decimal number, such as EUR=95000 or EUR=88000.50.',
    );
    expect(appErrorOf(() => parseConfiguredRates("USD=95000,usd=96000")).message).toBe(
      'Configured rates: entry "usd=96000" repeats USD, which is already configured.',
    );
  });

  it("converts BTC prices to sats per unit exactly (1e8 / price, truncated to 16 places)", async () => {
    const at = new Date("2030-01-01T00:00:00Z");
    const provider = createConfiguredProvider("USD=100000,EUR=88000.50", { now: () => at });
    const usd = await provider.getRate("USD");
    expect(usd).toEqual({ currency: "USD", satsPerUnit: expect.anything(), source: "configured", fetchedAt: at });
    expect(formatDecimal(usd.satsPerUnit)).toBe("1000");
    const eur = await provider.getRate("EUR");
    expect(formatDecimal(eur.satsPerUnit)).toBe("1136.3571797887512002");
    expect(eur.satsPerUnit.times("88000.50").lte(100_000_000)).toBe(true);
    expect(convertToSats(new Decimal("12.34"), "USD", usd.satsPerUnit).targetMsat).toBe(12_340_000n);
  });

  it("is the embedded default: built-in prices for what is left out, labelled as not live", async () => {
    const provider = createConfiguredProvider();
    expect(provider).toMatchObject({ id: "configured", label: "Configured rates (not live market data)", live: false });
    expect(provider.label).toBe(CONFIGURED_LABEL);
    expect(formatDecimal((await provider.getRate("USD")).satsPerUnit)).toBe("1052.631578947368421");
    expect(formatDecimal((await provider.getRate("EUR")).satsPerUnit)).toBe("1136.3636363636363636");

    const onlyUsd = createConfiguredProvider("USD=50000");
    expect(formatDecimal((await onlyUsd.getRate("USD")).satsPerUnit)).toBe("2000");
    expect(formatDecimal((await onlyUsd.getRate("EUR")).satsPerUnit)).toBe("1136.3636363636363636");
    expect(onlyUsd.btcPrices.USD.toFixed()).toBe("50000");
    expect(onlyUsd.btcPrices.EUR.toFixed()).toBe("88000");
  });

  it("refuses a bad configuration when the provider is created", () => {
    expect(appErrorOf(() => createConfiguredProvider("USD=free")).code).toBe("validation_error");
  });
});

describe("getRate", () => {
  function stubProvider(answer: (currency: Currency) => Rate): RateProvider & { asked: Currency[] } {
    const asked: Currency[] = [];
    return {
      id: "stub",
      label: "Stub rates",
      live: false,
      asked,
      async getRate(currency) {
        asked.push(currency);
        return answer(currency);
      },
    };
  }
  const at = new Date("2030-01-01T00:00:00Z");

  it("fixes SATS at 1 and BTC at 100 000 000 sats without asking the provider", async () => {
    const provider = stubProvider(() => {
      throw new Error("must not be asked");
    });
    const sats = await getRate(provider, "SATS", () => at);
    const btc = await getRate(provider, "BTC", () => at);
    expect(sats).toMatchObject({ currency: "SATS", source: "fixed", fetchedAt: at });
    expect(formatDecimal(sats.satsPerUnit)).toBe("1");
    expect(btc).toMatchObject({ currency: "BTC", source: "fixed" });
    expect(formatDecimal(btc.satsPerUnit)).toBe("100000000");
    expect(provider.asked).toEqual([]);
  });

  it("asks the provider for fiat", async () => {
    const provider = stubProvider((currency) => ({ currency, satsPerUnit: new Decimal("1000"), source: "stub", fetchedAt: at }));
    const rate = await getRate(provider, "EUR");
    expect(rate.source).toBe("stub");
    expect(formatDecimal(rate.satsPerUnit)).toBe("1000");
    expect(provider.asked).toEqual(["EUR"]);
  });

  it.each([
    ["a rate for another currency", "USD" as const, "1000", "Stub rates answered with a USD rate when asked for EUR."],
    ["a zero rate", "EUR" as const, "0", "Stub rates gave no positive exchange rate for EUR."],
    ["a negative rate", "EUR" as const, "-5", "Stub rates gave no positive exchange rate for EUR."],
  ])("refuses %s", async (_what, currency, value, message) => {
    const provider = stubProvider(() => ({ currency, satsPerUnit: new Decimal(value), source: "stub", fetchedAt: at }));
    const error = await rejectedAppError(getRate(provider, "EUR"));
    expect(error.code).toBe("rate_unavailable");
    expect(error.message).toBe(message);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Coinbase, against a local fake of GET /v2/exchange-rates?currency=BTC

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function answerJson(body: unknown, status = 200): Handler {
  return (_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
}

function coinbaseBody(rates: Record<string, unknown>, currency = "BTC") {
  return { data: { currency, rates } };
}

const DOCUMENTED = coinbaseBody({ USD: "95123.45", EUR: "88000.1", GBP: "75000.00", "00": "1", JPY: "14500000" });

describe("Coinbase provider", () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  const requests: { url: string | undefined; accept: string | undefined }[] = [];
  let clock = Date.parse("2030-01-01T00:00:00Z");
  const now = () => clock;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push({ url: req.url, accept: req.headers.accept });
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  });

  beforeEach(() => {
    requests.length = 0;
    handler = answerJson(DOCUMENTED);
    clock = Date.parse("2030-01-01T00:00:00Z");
  });

  const provider = (options: { cacheSeconds?: number; timeoutMs?: number } = {}) =>
    createCoinbaseProvider({ baseUrl, now, ...options });

  it("reads the documented answer and converts the BTC price to sats per unit exactly", async () => {
    const coinbase = provider();
    expect(coinbase).toMatchObject({ id: "coinbase", live: true });
    expect(coinbase.label).toMatch(/Coinbase/);
    const usd = await coinbase.getRate("USD");
    expect(requests).toEqual([{ url: "/v2/exchange-rates?currency=BTC", accept: "application/json" }]);
    expect(usd.currency).toBe("USD");
    expect(usd.source).toBe("coinbase");
    expect(usd.fetchedAt).toEqual(new Date(clock));
    // 1e8 / 95123.45 = 1051.2654871117479443… truncated to 16 places
    expect(formatDecimal(usd.satsPerUnit)).toBe("1051.2654871117479443");
    expect(usd.satsPerUnit.times("95123.45").lte(100_000_000)).toBe(true);
    expect(usd.satsPerUnit.plus("1e-16").times("95123.45").gt(100_000_000)).toBe(true);
    expect(convertToSats(new Decimal("100"), "USD", usd.satsPerUnit).targetMsat).toBe(105_126_000n);

    const eur = await coinbase.getRate("EUR");
    expect(formatDecimal(eur.satsPerUnit)).toBe("1136.3623450427897241");
  });

  it("keeps digits a float would lose", async () => {
    handler = answerJson(coinbaseBody({ USD: "95123.450000000001" }));
    const usd = await provider().getRate("USD");
    // As a float the price would be 95123.45 exactly, and the rate 1051.2654871117479443.
    expect(formatDecimal(usd.satsPerUnit)).toBe("1051.2654871117479333");
  });

  it("answers SATS and BTC itself, without a request", async () => {
    const coinbase = provider();
    expect(formatDecimal((await coinbase.getRate("SATS")).satsPerUnit)).toBe("1");
    expect(formatDecimal((await coinbase.getRate("BTC")).satsPerUnit)).toBe("100000000");
    expect(requests).toHaveLength(0);
  });

  it("reuses an answer for the cache time, then asks again", async () => {
    const coinbase = provider({ cacheSeconds: 60 });
    expect(formatDecimal((await coinbase.getRate("USD")).satsPerUnit)).toBe("1051.2654871117479443");
    expect(requests).toHaveLength(1);

    handler = answerJson(coinbaseBody({ USD: "100000", EUR: "80000" }));
    clock += 59_999;
    const cached = await coinbase.getRate("USD");
    expect(formatDecimal(cached.satsPerUnit)).toBe("1051.2654871117479443");
    expect(cached.fetchedAt).toEqual(new Date(clock - 59_999));
    expect(formatDecimal((await coinbase.getRate("EUR")).satsPerUnit)).toBe("1136.3623450427897241");
    expect(requests).toHaveLength(1);

    clock += 1;
    const fresh = await coinbase.getRate("USD");
    expect(requests).toHaveLength(2);
    expect(formatDecimal(fresh.satsPerUnit)).toBe("1000");
    expect(fresh.fetchedAt).toEqual(new Date(clock));
  });

  it("asks every time with a cache time of 0", async () => {
    const coinbase = provider({ cacheSeconds: 0 });
    await coinbase.getRate("USD");
    await coinbase.getRate("USD");
    expect(requests).toHaveLength(2);
  });

  it("shares one request among concurrent callers", async () => {
    const held: ServerResponse[] = [];
    let arrived: () => void = () => undefined;
    const requestArrived = new Promise<void>((resolve) => (arrived = resolve));
    handler = (_req, res) => {
      held.push(res);
      arrived();
    };
    const coinbase = provider();
    const pending = Promise.all([coinbase.getRate("USD"), coinbase.getRate("USD"), coinbase.getRate("EUR")]);
    await requestArrived;
    // Give any stray second request time to arrive before answering.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(held).toHaveLength(1);
    held[0].writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(DOCUMENTED));
    const [usd1, usd2, eur] = await pending;
    expect(requests).toHaveLength(1);
    expect(formatDecimal(usd1.satsPerUnit)).toBe("1051.2654871117479443");
    expect(formatDecimal(usd2.satsPerUnit)).toBe("1051.2654871117479443");
    expect(formatDecimal(eur.satsPerUnit)).toBe("1136.3623450427897241");
  });

  it("shares a failure among concurrent callers, does not cache it, and tries again on the next call", async () => {
    handler = answerJson({ error: "down" }, 500);
    const coinbase = provider();
    const results = await Promise.allSettled([coinbase.getRate("USD"), coinbase.getRate("EUR")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(requests).toHaveLength(1);

    handler = answerJson(DOCUMENTED);
    expect(formatDecimal((await coinbase.getRate("USD")).satsPerUnit)).toBe("1051.2654871117479443");
    expect(requests).toHaveLength(2);
  });

  const failedMessage = (reason: string) =>
    `Could not get exchange rates from Coinbase (${baseUrl}/v2/exchange-rates?currency=BTC): ${reason}.`;

  it.each<[string, Handler, string]>([
    ["HTTP 500", answerJson({ errors: [{ id: "internal_server_error" }] }, 500), "the server answered HTTP 500 Internal Server Error"],
    ["HTTP 429", answerJson({ errors: [{ id: "rate_limit_exceeded" }] }, 429), "the server answered HTTP 429 Too Many Requests"],
    ["HTTP 404", answerJson({}, 404), "the server answered HTTP 404 Not Found"],
    [
      "malformed JSON",
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"data":{"currency":"BTC","rates":{"USD":"95123.45"');
      },
      "the answer is not JSON",
    ],
    [
      "an answer over 1 MiB",
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(`{"data":{"currency":"BTC","rates":{"USD":"95123.45","X":"${"9".repeat(1024 * 1024)}"}}}`);
      },
      "the answer is larger than 1048576 bytes",
    ],
    [
      "an HTML page",
      (_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end("<html>maintenance</html>");
      },
      "the answer is not JSON",
    ],
    ["JSON without data", answerJson({ rates: { USD: "95000" } }), "the answer does not have the documented shape (data: Invalid input: expected object, received undefined)"],
    ["rates that are not an object", answerJson({ data: { currency: "BTC", rates: ["95000"] } }), "the answer does not have the documented shape (data.rates: Invalid input: expected record, received array)"],
    ["rates for another base currency", answerJson(coinbaseBody({ USD: "1" }, "USD")), 'the answer holds rates for "USD", not for BTC'],
  ])("refuses %s", async (_what, answer, reason) => {
    handler = answer;
    const error = await rejectedAppError(provider().getRate("USD"));
    expect(error.code).toBe("rate_unavailable");
    expect(error.status).toBe(503);
    expect(error.message).toBe(failedMessage(reason));
  });

  it.each<[string, unknown, string]>([
    ["missing", undefined, "gave no BTC price in USD."],
    ["zero", "0", 'gave a BTC price in USD that is not above zero: "0".'],
    ["zero with decimals", "0.00", 'gave a BTC price in USD that is not above zero: "0.00".'],
    ["negative", "-95000", 'gave a BTC price in USD that is not above zero: "-95000".'],
    ["not numeric", "n/a", 'gave a BTC price in USD that is not a decimal number: "n/a".'],
    ["empty", "", 'gave a BTC price in USD that is not a decimal number: "".'],
    ["NaN", "NaN", 'gave a BTC price in USD that is not a decimal number: "NaN".'],
    ["Infinity", "Infinity", 'gave a BTC price in USD that is not a decimal number: "Infinity".'],
    ["a JSON number (a float)", 95123.45, "gave a BTC price in USD that is not a decimal number: 95123.45."],
    ["null", null, "gave a BTC price in USD that is not a decimal number: null."],
    ["too large", "1e30", 'gave a BTC price in USD too large to convert with: "1e30".'],
  ])("refuses a rate that is %s", async (_what, value, detail) => {
    handler = answerJson(coinbaseBody(value === undefined ? { EUR: "88000" } : { USD: value, EUR: "88000" }));
    const error = await rejectedAppError(provider().getRate("USD"));
    expect(error.code).toBe("rate_unavailable");
    expect(error.message).toBe(`Coinbase (${baseUrl}/v2/exchange-rates?currency=BTC) ${detail}`);
  });

  it("still serves the other currencies of an answer that lacks one", async () => {
    handler = answerJson(coinbaseBody({ EUR: "88000" }));
    const coinbase = provider();
    expect((await rejectedAppError(coinbase.getRate("USD"))).code).toBe("rate_unavailable");
    expect(formatDecimal((await coinbase.getRate("EUR")).satsPerUnit)).toBe("1136.3636363636363636");
  });

  it("accepts a price in exponent notation from the API as the exact decimal it names", async () => {
    handler = answerJson(coinbaseBody({ USD: "9.5e4" }));
    expect(formatDecimal((await provider().getRate("USD")).satsPerUnit)).toBe("1052.631578947368421");
  });

  it("gives up on a server that never answers", async () => {
    handler = () => undefined;
    const started = performance.now();
    const error = await rejectedAppError(provider({ timeoutMs: 150 }).getRate("USD"));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe("rate_unavailable");
    expect(error.message).toBe(failedMessage("no answer within 150 ms"));
  });

  it("gives up on a server that starts an answer and never finishes it", async () => {
    handler = (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"data":{"currency":"BTC",');
    };
    const error = await rejectedAppError(provider({ timeoutMs: 150 }).getRate("USD"));
    expect(error.code).toBe("rate_unavailable");
    expect(error.message).toBe(failedMessage("no answer within 150 ms"));
  });

  it("says so when nothing listens at the URL", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejectedAppError(createCoinbaseProvider({ baseUrl: `http://127.0.0.1:${port}` }).getRate("USD"));
    expect(error.code).toBe("rate_unavailable");
    expect(error.message).toBe(
      `Could not get exchange rates from Coinbase (http://127.0.0.1:${port}/v2/exchange-rates?currency=BTC): ECONNREFUSED.`,
    );
  });

  it("keeps a path in the base URL and drops a trailing slash", async () => {
    await createCoinbaseProvider({ baseUrl: `${baseUrl}/proxy/coinbase/` }).getRate("USD");
    expect(requests[0].url).toBe("/proxy/coinbase/v2/exchange-rates?currency=BTC");
  });

  it.each<[string, { baseUrl?: string; timeoutMs?: number; cacheSeconds?: number }, string, string]>([
    ["a URL that is not one", { baseUrl: "api.coinbase.com" }, "coinbaseUrl", 'The Coinbase API URL must be an http:// or https:// URL without a query string, such as https://api.coinbase.com (got "api.coinbase.com").'],
    ["another scheme", { baseUrl: "ftp://api.coinbase.com" }, "coinbaseUrl", 'The Coinbase API URL must be an http:// or https:// URL without a query string, such as https://api.coinbase.com (got "ftp://api.coinbase.com").'],
    ["a query string", { baseUrl: "https://api.coinbase.com/?x=1" }, "coinbaseUrl", 'The Coinbase API URL must be an http:// or https:// URL without a query string, such as https://api.coinbase.com (got "https://api.coinbase.com/?x=1").'],
    ["a zero timeout", { timeoutMs: 0 }, "timeoutMs", "The rate timeout must be a whole number of milliseconds above zero (got 0)."],
    ["a fractional timeout", { timeoutMs: 1.5 }, "timeoutMs", "The rate timeout must be a whole number of milliseconds above zero (got 1.5)."],
    ["a negative cache time", { cacheSeconds: -1 }, "cacheSeconds", "The rate cache time must be zero or more seconds (got -1)."],
  ])("refuses %s", (_what, options, param, message) => {
    const error = appErrorOf(() => createCoinbaseProvider(options));
    expect(error.code).toBe("validation_error");
    expect(error.param).toBe(param);
    expect(error.message).toBe(message);
  });

  it("is what createRateProvider builds for kind coinbase", async () => {
    const coinbase = createRateProvider({ kind: "coinbase", coinbaseUrl: baseUrl, cacheSeconds: 60, timeoutMs: 1_000 });
    expect(coinbase).toMatchObject({ id: "coinbase", live: true });
    expect(formatDecimal((await coinbase.getRate("USD")).satsPerUnit)).toBe("1051.2654871117479443");
    await coinbase.getRate("EUR");
    expect(requests).toHaveLength(1);
  });
});

describe("createRateProvider", () => {
  it("builds the configured provider from its configuration string", async () => {
    const provider = createRateProvider({ kind: "configured", configured: "USD=100000" });
    expect(provider).toMatchObject({ id: "configured", label: CONFIGURED_LABEL, live: false });
    expect(formatDecimal((await provider.getRate("USD")).satsPerUnit)).toBe("1000");
    expect(formatDecimal((await createRateProvider({ kind: "configured" }).getRate("USD")).satsPerUnit)).toBe("1052.631578947368421");
  });

  it("defaults the Coinbase URL to the public API", () => {
    expect(createRateProvider({ kind: "coinbase" })).toMatchObject({ id: "coinbase", live: true });
  });

  it("refuses an unknown kind", () => {
    const error = appErrorOf(() => createRateProvider({ kind: "kraken" } as unknown as Parameters<typeof createRateProvider>[0]));
    expect(error.code).toBe("validation_error");
    expect(error.message).toBe('Unknown rate provider "kraken"; use "configured" or "coinbase".');
  });
});
