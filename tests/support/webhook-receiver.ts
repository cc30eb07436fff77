// A merchant's webhook receiver for tests: a node:http server on loopback that records every request (headers
// and raw body) and answers what the test decides: a status code, or "hang" to hold the request open.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type ReceivedWebhook = { path: string; headers: IncomingHttpHeaders; body: string; answer: number | "hang"; receivedAt: number };
export type Answer = (request: { path: string; headers: IncomingHttpHeaders; body: string; previous: ReceivedWebhook[] }) => number | "hang";

export type WebhookReceiver = {
  url: string;
  received: ReceivedWebhook[];
  setAnswer: (answer: Answer) => void;
  close: () => Promise<void>;
};

export async function startWebhookReceiver(answer: Answer = () => 200): Promise<WebhookReceiver> {
  let current = answer;
  const received: ReceivedWebhook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = new URL(req.url ?? "/", "http://receiver").pathname;
      const decided = current({ path, headers: req.headers, body, previous: [...received] });
      received.push({ path, headers: req.headers, body, answer: decided, receivedAt: Date.now() });
      if (decided === "hang") return;
      res.writeHead(decided, { "Content-Type": "text/plain" }).end(decided < 300 ? "ok" : "not now");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    setAnswer: (next) => (current = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
