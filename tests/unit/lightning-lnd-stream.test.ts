// LND's streamed answers: newline-delimited JSON cut into chunks anywhere, several lines per chunk, a last line
// without its newline, and a stream that breaks off.
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { BackendError } from "@/lib/lightning/http";
import { jsonLines } from "@/lib/lightning/lnd/stream";

const lines = [{ result: { status: "IN_FLIGHT" } }, { result: { status: "SUCCEEDED", fee_msat: "1000" } }];
const text = lines.map((l) => JSON.stringify(l)).join("\n") + "\n";

async function collect(chunks: (string | Error)[]): Promise<unknown[]> {
  const stream = new Readable({ read() {} });
  for (const chunk of chunks) {
    if (chunk instanceof Error) stream.destroy(chunk);
    else stream.push(Buffer.from(chunk));
  }
  if (!chunks.some((c) => c instanceof Error)) stream.push(null);
  const out: unknown[] = [];
  for await (const line of jsonLines(stream as unknown as IncomingMessage)) out.push(line);
  return out;
}

describe("jsonLines", () => {
  it.each([1, 2, 3, 7, 19, text.length])("reads the same objects whatever the chunk size (%i bytes)", async (size) => {
    const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
    expect(await collect(chunks)).toEqual(lines);
  });

  it("reads a last line without a newline, and skips blank lines", async () => {
    expect(await collect(["\n", JSON.stringify(lines[0]), "\n\n", JSON.stringify(lines[1])])).toEqual(lines);
  });

  it("throws malformed for a line that is not JSON, and timeout for a stream that breaks off", async () => {
    await expect(collect(['{"result":', "}\n"])).rejects.toMatchObject({ reason: "malformed" });
    const broken = await collect([JSON.stringify(lines[0]).slice(0, 10), new Error("socket hang up")]).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(BackendError);
    expect(broken).toMatchObject({ reason: "timeout" });
  });
});
