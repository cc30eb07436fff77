// The configured rate provider of this process (RATES_PROVIDER), created on first use.
import { env } from "../env";
import { createRateProvider, type RateProvider } from ".";

let provider: RateProvider | undefined;

export function rateProvider(): RateProvider {
  const { rates } = env();
  provider ??= createRateProvider({ kind: rates.provider, configured: rates.configured, coinbaseUrl: rates.coinbaseUrl });
  return provider;
}
