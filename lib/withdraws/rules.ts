// The rules of a withdraw's life: how long it may live (180 s to a year, 600 s by default) and how much it may
// carry. How long an invoice must still be valid when a wallet hands it over is payment timing
// (lib/payments/timing.ts).

export const TTL_MIN_SECONDS = 180;
export const TTL_MAX_SECONDS = 365 * 24 * 60 * 60;
export const TTL_DEFAULT_SECONDS = 600;

// LNURL amounts travel as JSON numbers in msat: keep them exact.
export const MAX_WITHDRAW_MSAT = 9_007_199_254_740_000n;
