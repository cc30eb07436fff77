// NIP-47 as its text defines it (tests/fixtures/node-apis/nwc/nip-47.md, nostr-protocol/nips db5fe3de): for each
// command under "## Commands", the field names of its example request's `params` and of its example response's
// `result`; and every error code the text lists ("### Error codes" and each command's "Errors:").
import { readFileSync } from "node:fs";
import path from "node:path";

export const NWC_FIXTURES = path.join(import.meta.dirname, "..", "fixtures", "node-apis", "nwc");

export type Nip47Definition = { methods: Record<string, { params: string[]; result: string[] }>; errorCodes: string[] };

export function readNwcFixture(name: string): string {
  return readFileSync(path.join(NWC_FIXTURES, name), "utf8");
}

/** The quoted keys of a code block after the line that opens `field` ("params" or "result"). */
function keysAfter(block: string, field: string): string[] {
  const start = block.indexOf(`"${field}"`);
  if (start < 0) return [];
  return [...new Set([...block.slice(start + field.length + 2).matchAll(/"([a-z_]+)"\s*:/g)].map((m) => m[1]))];
}

let cached: Nip47Definition | undefined;

export function nip47Definition(): Nip47Definition {
  if (cached) return cached;
  const text = readNwcFixture("nip-47.md");
  const commands = text.slice(text.indexOf("## Commands"), text.indexOf("## Notifications"));
  const methods: Nip47Definition["methods"] = {};
  for (const section of commands.split(/^### /m).slice(1)) {
    const name = /^`([a-z_]+)`/.exec(section)?.[1];
    if (!name) continue;
    const blocks = [...section.matchAll(/^(Request|Response):\s*\n```\w*\n([\s\S]*?)```/gm)];
    const request = blocks.find((b) => b[1] === "Request")?.[2] ?? "";
    const response = blocks.find((b) => b[1] === "Response")?.[2] ?? "";
    methods[name] = { params: keysAfter(request, "params"), result: keysAfter(response, "result") };
  }
  const errorCodes = [...new Set([...text.matchAll(/^- `([A-Z_]+)`:/gm)].map((m) => m[1]))];
  cached = { methods, errorCodes };
  return cached;
}

export const NIP47_ERROR_CODES = (definition: Nip47Definition) => definition.errorCodes;
