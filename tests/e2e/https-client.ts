// An HTTP client for Node that trusts exactly the certificate authorities it is given (and verifies every
// certificate against them: nothing is ever accepted unchecked), optionally from a chosen local address, so a
// test can play a client that is not the proxy. Answers are web Responses, so it can stand in for fetch.
import { request } from "node:https";

export type HttpsClientOptions = {
  /** PEM certificates of the authorities to trust; none: Node's default store only. */
  ca?: string;
  /** The local IPv4 address to connect from (anything in 127.0.0.0/8 works on Linux loopback). */
  localAddress?: string;
};

export type HttpsInit = { method?: string; headers?: Record<string, string>; body?: string };

export function httpsClient({ ca, localAddress }: HttpsClientOptions = {}) {
  return (input: string | URL, init: HttpsInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const url = new URL(input);
      if (url.protocol !== "https:") throw new Error(`httpsClient only speaks https, not ${url.protocol} (${url.origin})`);
      const req = request(
        url,
        {
          method: init.method ?? "GET",
          headers: init.headers,
          ca,
          // A connection of its own per request: the local address is part of what is tested.
          agent: false,
          ...(localAddress ? { localAddress, family: 4 } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
            }
            const status = res.statusCode ?? 0;
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, headers }));
          });
        },
      );
      req.on("error", reject);
      req.end(init.body);
    });
}
