// LND's REST gateway answers a server-streaming call with newline-delimited JSON: one {"result": …} or
// {"error": …} object per line. Chunks split lines anywhere (and several lines may share a chunk).
import { BackendError } from "../http";

export async function* jsonLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<unknown> {
  let pending = "";
  // A character of several bytes may be split between chunks: the decoder holds its first bytes back.
  const decoder = new TextDecoder();
  const parse = (line: string) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new BackendError("LND", "malformed", "a streamed line is not JSON");
    }
  };
  try {
    for await (const chunk of body) {
      pending += decoder.decode(chunk, { stream: true });
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
  pending += decoder.decode();
  if (pending.trim()) yield parse(pending.trim());
}
