// One timed run of a load generator, reduced to requests/s and latency percentiles, and the spread of runs.
import { writeFileSync } from "node:fs";
import { autocannonBin, runToEnd, tsxBin } from "./processes";

export type Run = { rps: number; p50: number; p99: number; failures: number; note?: string };

export type Request = { url: string; method?: string; headers?: Record<string, string>; body?: string };

/** autocannon in its own process against one repeated request. */
export async function autocannon(request: Request, connections: number, seconds: number): Promise<Run> {
  const args = [autocannonBin, "--json", "-c", String(connections), "-d", String(seconds)];
  if (request.method) args.push("-m", request.method);
  for (const [k, v] of Object.entries(request.headers ?? {})) args.push("-H", `${k}=${v}`);
  if (request.body) args.push("-b", request.body);
  args.push(request.url);
  const result = JSON.parse(await runToEnd(process.execPath, args)) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    timeouts: number;
  };
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failures: result.non2xx + result.errors + result.timeouts };
}

type ClientResult = { completed: number; failures: number; firstFailure?: string; rps: number; p50: number; p99: number };

function fromClient(output: string): Run {
  const r = JSON.parse(output.trim().split("\n").pop()!) as ClientResult;
  return { rps: r.rps, p50: r.p50, p99: r.p99, failures: r.failures, note: r.firstFailure };
}

/** Each URL once (one-use callbacks), by the small client in its own process. */
export async function oneUseUrls(urls: string[], file: string, connections: number, seconds: number): Promise<Run> {
  writeFileSync(file, urls.join("\n"));
  return fromClient(await runToEnd(tsxBin, ["scripts/bench/load-client.ts", "urls", file, String(connections), String(seconds)]));
}

export async function endToEnd(base: string, apiKey: string, connections: number, seconds: number): Promise<Run> {
  return fromClient(await runToEnd(tsxBin, ["scripts/bench/load-client.ts", "e2e", base, apiKey, String(connections), String(seconds)]));
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
