// LND's REST gateway answers a server-streaming call with newline-delimited JSON: one {"result": …} or
// {"error": …} object per line. Chunks split lines anywhere (and several lines may share a chunk).
import type { IncomingMessage } from "node:http";
import { BackendError } from "../http";

export async function* jsonLines(response: IncomingMessage): AsyncGenerator<unknown> {
  let pending = "";
  const parse = (line: string) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new BackendError("LND", "malformed", "a streamed line is not JSON");
    }
  };
  try {
    for await (const chunk of response) {
      pending += (chunk as Buffer).toString("utf8");
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line) yield parse(line);
      }
    }
  } catch (error) {
    if (error instanceof BackendError) throw error;
    throw new BackendError("LND", "timeout", `the stream broke off: ${(error as Error).message}`);
  }
  if (pending.trim()) yield parse(pending.trim());
}
