// LND's streamed answers: newline-delimited JSON cut into chunks anywhere, several lines per chunk, a last line
// without its newline, and a stream that breaks off.
import { describe, expect, it } from "vitest";
import { BackendError } from "@/lib/lightning/http";
import { jsonLines } from "@/lib/lightning/lnd/stream";

const lines = [{ result: { status: "IN_FLIGHT" } }, { result: { status: "SUCCEEDED", fee_msat: "1000" } }];
const text = lines.map((l) => JSON.stringify(l)).join("\n") + "\n";

// Each chunk arrives on its own (a Readable fed ahead of its reader would merge them into one).
async function* arriving(chunks: (string | Buffer | Error)[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) {
    await new Promise((resolve) => setImmediate(resolve));
    if (chunk instanceof Error) throw chunk;
    yield Buffer.from(chunk);
  }
}

async function collect(chunks: (string | Buffer | Error)[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const line of jsonLines(arriving(chunks))) out.push(line);
  return out;
}

describe("jsonLines", () => {
  it.each([1, 2, 3, 7, 19, text.length])("reads the same objects whatever the chunk size (%i bytes)", async (size) => {
    const chunks = Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size));
    expect(await collect(chunks)).toEqual(lines);
  });

  it("keeps a character whose bytes are split between chunks (a failure reason or alias in UTF-8)", async () => {
    const line = JSON.stringify({ result: { status: "FAILED", failure_reason: "Zahlung abgelehnt: Gebühr zu hoch ⚡" } }) + "\n";
    const bytes = Buffer.from(line, "utf8");
    const split = bytes.indexOf(Buffer.from("ü")) + 1;
    expect(await collect([bytes.subarray(0, split), bytes.subarray(split)])).toEqual([JSON.parse(line)]);
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
