// The framework's ceiling for `npm run bench`: a route handler in the same build that answers a fixed
// withdrawRequest-shaped JSON without touching the database (no data, nothing derived from the request).
// The .bench.ts name keeps it out of every build except the benchmark's own (see next.config.js).
export const dynamic = "force-dynamic";

const BODY = {
  tag: "withdrawRequest",
  callback: "http://127.0.0.1/api/lnurl/w/bench/callback",
  k1: "0000000000000000000000000000000000000000000000000000000000000000",
  defaultDescription: "bench",
  minWithdrawable: 1000,
  maxWithdrawable: 1000,
};

export function GET() {
  return Response.json(BODY, { headers: { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" } });
}
