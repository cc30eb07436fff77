// Every HTTP request Sluice makes to another server (a Lightning node, an LNURL service, a webhook endpoint,
// the exchange-rate provider)
// goes through here, on undici: one connection per call, one time limit for the whole exchange (connecting,
// the answer's head and its last byte), an optional size limit on the body, no redirects followed, and every
// failure classified (outbound-error.ts) by whether the request may have left.
import { isIP } from "node:net";
import { buildConnector, Client } from "undici";
import { z } from "zod";
import { classifyFailure, OutboundError } from "./outbound-error";
import { trustOnly } from "./pinned-certificate";
import { pinnedLookup } from "./pinned-lookup";

const requestSchema = z.object({
  url: z.instanceof(URL).refine((url) => url.protocol === "http:" || url.protocol === "https:", "only http and https"),
  method: z.enum(["GET", "POST"]),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().optional(),
  /** The address the caller's rules checked: the connection goes there, whatever DNS says now. */
  pinnedAddress: z.object({ address: z.string().refine((a) => isIP(a) !== 0, "an IP address"), family: z.union([z.literal(4), z.literal(6)]) }).optional(),
  /** PEM of the one certificate to trust (pinned-certificate.ts); without it, the system's roots. */
  pinnedCertPem: z.string().min(1).optional(),
  timeoutMs: z.number().positive().finite(),
  /** The most body bytes read; one more and the answer is refused as too_large. */
  maxBodyBytes: z.number().int().positive().optional(),
});

export type OutboundRequest = z.input<typeof requestSchema>;

export type OutboundResponse = {
  status: number;
  /** The body as it arrives; its failures are OutboundErrors. Reading it to the end closes the connection. */
  body: AsyncIterable<Buffer>;
  /** Closes the connection, for a caller that stops reading (a stream read until the update it wanted). */
  abort(): void;
};

/** Sends the request and resolves with the answer's status, its body still to read. */
export async function openRequest(input: OutboundRequest): Promise<OutboundResponse> {
  const request = requestSchema.parse(input);
  const { url } = request;
  const timeoutMs = Math.ceil(request.timeoutMs);
  // Set once the connection, and its TLS handshake, is up: from then on the request may have gone out.
  let connected = false;
  // undici's own connect, headers and body timeouts are off (0): they run on a clock of half-second ticks and
  // time phases apart, while a call here has one limit for the whole exchange, the deadline below.
  const connector = buildConnector({
    timeout: 0,
    maxCachedSessions: 0,
    ...(request.pinnedAddress ? { lookup: pinnedLookup(request.pinnedAddress) } : {}),
    ...(request.pinnedCertPem ? trustOnly(request.pinnedCertPem) : {}),
  });
  const client = new Client(url.origin, {
    connect: (options, callback) =>
      connector(options, (error, socket) => {
        if (error) return callback(error, null);
        connected = true;
        callback(null, socket!);
      }),
    headersTimeout: 0,
    bodyTimeout: 0,
    maxResponseSize: request.maxBodyBytes ?? -1,
  });
  const deadline = new AbortController();
  const close = () => {
    clearTimeout(timer);
    void client.destroy().catch(() => undefined);
  };
  const timer = setTimeout(() => {
    deadline.abort(new OutboundError("timeout", "unknown", `no answer within ${Math.round(timeoutMs / 1000)} s`));
    close();
  }, timeoutMs);

  let answer;
  try {
    answer = await client.request({
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: deadline.signal,
      // One request per connection: a kept-alive socket the server has since closed would turn a payment
      // into an unknown outcome for nothing.
      reset: true,
    });
  } catch (error) {
    close();
    if ((error as { code?: unknown }).code === "UND_ERR_INVALID_ARG") throw error;
    throw classifyFailure(error, connected);
  }
  const raw = answer.body;
  async function* body(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of raw) yield chunk as Buffer;
    } catch (error) {
      throw classifyFailure(error, connected);
    } finally {
      close();
    }
  }
  return {
    status: answer.statusCode,
    body: body(),
    abort: () => {
      raw.destroy();
      close();
    },
  };
}

/** Reads the whole body as UTF-8 text. */
export async function readText(response: OutboundResponse): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads the whole body and drops it (the status was the answer). */
export async function discardBody(response: OutboundResponse): Promise<void> {
  for await (const _chunk of response.body);
}
