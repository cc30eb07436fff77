// The API reference, public: rendered from the same OpenAPI document that /api/v1/openapi.json serves (and
// so from the handlers' zod schemas), plus the rules every route shares.
import type { Metadata } from "next";
import { constraints, SchemaFields, typeOf, type Schema } from "@/components/developers/schema-fields";
import { openApiDocument } from "@/lib/api/openapi";
import { env } from "@/lib/env";
import { ERROR_TABLE } from "@/lib/errors";
import { IDEMPOTENCY_TTL_MS } from "@/lib/idempotency/store";

export const metadata: Metadata = { title: "API reference" };
export const dynamic = "force-dynamic";

type Parameter = { name: string; in: string; required: boolean; description?: string; schema: Schema };
type Operation = {
  operationId: string;
  summary: string;
  description: string;
  parameters?: Parameter[];
  requestBody?: { content: { "application/json": { schema: Schema } } };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};

function Code({ children }: { children: string }) {
  // Focusable, so a keyboard can scroll a long line into view.
  return (
    <pre tabIndex={0} className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100 focus:outline-none focus:ring-2 focus:ring-brand-600">
      {children}
    </pre>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-4 space-y-3 border-t border-slate-200 pt-6">
      <h2 id={`${id}-title`} className="text-xl font-semibold tracking-tight">
        {title}
      </h2>
      {children}
    </section>
  );
}

const EXAMPLE_BODIES: Record<string, string> = {
  createWithdraw: '{"amount": "5000", "currency": "SATS", "ttl": 600, "statement_descriptor": "Refund order 1042"}',
  createPayout: '{"destination": "alice@pay.example.com", "amount": 2100, "statement_descriptor": "Refund order 1042"}',
};

function curlFor(base: string, method: string, path: string, op: Operation): string {
  // An id of the path's own kind; a scanned code percent-encoded, as it must be.
  const url = `${base}${path.replace("{id}", path.startsWith("/api/v1/payouts/") ? "po_…" : path.startsWith("/api/v1/withdraws/batches/") ? "wb_…" : "wi_…").replace("{code}", "alice%40pay.example.com")}`;
  const lines = [`curl ${method === "get" ? "" : "-X POST "}${method === "get" && path === "/api/v1/withdraws" ? `"${url}?limit=20&status=paid"` : url} \\`, '  -H "Authorization: Bearer $SLUICE_KEY"'];
  if (method === "post") {
    lines[lines.length - 1] += " \\";
    lines.push('  -H "Idempotency-Key: refund-order-1042"');
  }
  if (op.operationId === "createWithdrawBatch") {
    // The batch upload's body is the CSV file itself.
    lines[lines.length - 1] += " \\";
    lines.push('  -H "Content-Type: text/csv" --data-binary @withdraws.csv');
  }
  const body = EXAMPLE_BODIES[op.operationId];
  if (body) {
    lines[lines.length - 1] += " \\";
    lines.push('  -H "Content-Type: application/json" \\', `  -d '${body}'`);
  }
  return lines.join("\n");
}

export default function ApiReferencePage() {
  const base = env().publicUrl;
  const doc = openApiDocument(base) as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
  const withdraw = doc.components.schemas.Withdraw;
  const balance = doc.components.schemas.Balance;
  return (
    <article className="space-y-8 [overflow-wrap:anywhere]">
      <div className="space-y-2">
        <h1 className="text-3xl font-semibold tracking-tight">Sluice API reference</h1>
        <p className="text-slate-700">
          JSON over HTTPS under <code>{base}/api/v1</code>. Create LNURL-withdraw payouts, follow them to <code>paid</code>,{" "}
          <code>expired</code> or <code>cancelled</code>, and export the history. The same description as an OpenAPI 3.1 document:{" "}
          <a className="font-medium text-brand-700 underline underline-offset-2" href="/api/v1/openapi.json">
            /api/v1/openapi.json
          </a>
          .
        </p>
        <nav aria-label="On this page" className="text-sm">
          <ul className="flex flex-wrap gap-x-4 gap-y-1 text-brand-700">
            {[
              ["quick-start", "Quick start"],
              ["authentication", "Authentication"],
              ["errors", "Errors"],
              ["idempotency", "Idempotency"],
              ["pagination", "Pagination"],
              ["rate-limits", "Rate limits"],
              ["routes", "Routes"],
              ["withdraw-object", "The withdraw object"],
              ["payout-object", "The payout object"],
              ["webhooks", "Webhooks"],
            ].map(([id, label]) => (
              <li key={id}>
                <a className="underline underline-offset-2" href={`#${id}`}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </div>

      <Section id="quick-start" title="Quick start">
        <p className="text-sm text-slate-700">
          Create a key under Developers → API keys. Your available balance must cover each withdraw plus the fee limit: add funds on
          the Balance page (a deposit invoice; on the simulator, pay it from the Demo wallet). Then create a withdraw of 5 000 sats that
          lives 10 minutes. Show its{" "}
          <code>withdraw_methods_options.lnurl.withdraw_request</code> (an LNURL) as a QR code or link; the customer&apos;s wallet pulls
          the money, and the withdraw turns <code>paid</code>. The link is money: only full-access keys receive it. Read-only keys,
          events and webhook bodies get it as <code>null</code>, with <code>withdraw_request_withheld</code> saying why; retrieve
          the withdraw with a full-access key when you need the link again (it is derived anew, never stored).
        </p>
        <Code>{`export SLUICE_KEY=sk_…\n${curlFor(base, "post", "/api/v1/withdraws", { operationId: "createWithdraw" } as Operation)}`}</Code>
        <p className="text-sm text-slate-700">Follow it, or list the history, newest first:</p>
        <Code>{`curl ${base}/api/v1/withdraws/wi_… -H "Authorization: Bearer $SLUICE_KEY"\ncurl "${base}/api/v1/withdraws?limit=20&status=paid" -H "Authorization: Bearer $SLUICE_KEY"`}</Code>
        <p className="text-sm text-slate-700">
          To hear about it instead of asking, add a webhook endpoint (Developers → Webhooks) and verify each delivery&apos;s signature as
          shown under <a href="#webhooks" className="underline underline-offset-2">Webhooks</a>.
        </p>
      </Section>

      <Section id="authentication" title="Authentication">
        <p className="text-sm text-slate-700">
          Send a secret key in <code>Authorization: Bearer sk_…</code>, or as the user name of HTTP Basic authentication (
          <code>curl -u sk_…:</code>). Full-access keys may do everything; read-only keys may retrieve, list and export, and get{" "}
          <code>403 insufficient_scope</code> on writes. An unknown or revoked key gets <code>401 api_key_invalid</code>; another
          account&apos;s object is a <code>404 not_found</code>. Keep keys on your server: a key in a browser or app can be read.
        </p>
      </Section>

      <Section id="errors" title="Errors">
        <p className="text-sm text-slate-700">
          Every error has the same shape, with the HTTP status from this table. <code>param</code> names the parameter at fault when
          there is one; <code>message</code> is safe to show. Internal details are never sent.
        </p>
        <Code>{`{ "error": { "type": "invalid_request_error", "code": "validation_error", "message": "ttl must be at least 180 seconds.", "param": "ttl" } }`}</Code>
        <div className="overflow-x-auto" tabIndex={0}>
          <table className="w-full text-sm">
            <caption className="sr-only">Error codes</caption>
            <thead className="text-left text-xs text-slate-600">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium">HTTP status</th>
                <th scope="col" className="py-1 pr-3 font-medium">code</th>
                <th scope="col" className="py-1 font-medium">type</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 font-mono text-xs">
              {Object.entries(ERROR_TABLE)
                .sort((a, b) => a[1].status - b[1].status)
                .map(([code, e]) => (
                  <tr key={code}>
                    <td className="py-1 pr-3">{e.status}</td>
                    <td className="py-1 pr-3">{code}</td>
                    <td className="py-1">{e.type}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section id="idempotency" title="Idempotency">
        <p className="text-sm text-slate-700">
          Every POST accepts an <code>Idempotency-Key</code> header (1 to 255 printable characters; a UUID is a good choice). The first
          request with a key runs; its response (success or 4xx error) is stored and replayed, with <code>Idempotent-Replayed: true</code>
          , to every retry with the same key and the same request for {IDEMPOTENCY_TTL_MS / 3_600_000} hours. The same key with a different
          method, path or body gets <code>400 idempotency_key_reused</code>; a retry while the first request still runs gets{" "}
          <code>409 idempotency_key_in_use</code>. A 5xx answer is not stored, so the request can be retried with the same key. Keys
          belong to your account, whichever of its API keys sends them.
        </p>
      </Section>

      <Section id="pagination" title="Pagination">
        <p className="text-sm text-slate-700">
          Lists answer <code>{`{"object": "list", "url", "data": [...], "has_more"}`}</code>, newest first, <code>limit</code> (1–100,
          default 10) at a time. For the next (older) page pass <code>starting_after</code> = the last id of this page; for the previous
          (newer) page pass <code>ending_before</code> = the first id. <code>has_more</code> says whether more objects follow in that
          direction. Objects created while you page never shift a page: no duplicates, no gaps.
        </p>
      </Section>

      <Section id="rate-limits" title="Rate limits">
        <p className="text-sm text-slate-700">
          Each API key may make {env().apiRateLimit.perKey || "unlimited"} requests per second on average, and each client address{" "}
          {env().apiRateLimit.perIp || "unlimited"}, with bursts of twice as many. Over the limit the answer is{" "}
          <code>429 rate_limited</code> with a <code>Retry-After</code> header in seconds: wait that long and retry.
        </p>
      </Section>

      <Section id="routes" title="Routes">
        <div className="space-y-8">
          {operations.map(({ path, method, op }) => {
            const success = Object.entries(op.responses).find(([status]) => status.startsWith("2"))!;
            const errors = Object.entries(op.responses).filter(([status]) => !status.startsWith("2"));
            return (
              <section key={op.operationId} id={op.operationId} aria-labelledby={`${op.operationId}-title`} className="space-y-3">
                <h3 id={`${op.operationId}-title`} className="text-lg font-semibold">
                  {op.summary}
                </h3>
                <p className="font-mono text-sm">
                  <span className="mr-2 rounded bg-slate-100 px-1.5 py-0.5 font-semibold text-slate-800">{method.toUpperCase()}</span>
                  {path}
                </p>
                <p className="text-sm text-slate-700">{op.description}</p>
                {op.parameters?.length ? (
                  <div className="overflow-x-auto" tabIndex={0}>
                    <table className="w-full text-sm">
                      <caption className="mb-1 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">Parameters</caption>
                      <thead className="text-left text-xs text-slate-600">
                        <tr>
                          <th scope="col" className="py-1 pr-3 font-medium">Name</th>
                          <th scope="col" className="py-1 pr-3 font-medium">In</th>
                          <th scope="col" className="py-1 pr-3 font-medium">Type</th>
                          <th scope="col" className="py-1 font-medium">Notes</th>
                        </tr>
                      </thead>
                      <tbody className="divide-y divide-slate-100 align-top">
                        {op.parameters.map((p) => (
                          <tr key={`${p.in}-${p.name}`}>
                            <td className="py-1 pr-3 font-mono text-xs text-slate-900">
                              {p.name}
                              {p.required ? <span className="ml-1 text-red-700">required</span> : null}
                            </td>
                            <td className="py-1 pr-3 text-xs">{p.in}</td>
                            <td className="py-1 pr-3 font-mono text-xs">{typeOf(p.schema)}</td>
                            <td className="py-1 text-xs text-slate-700">{[p.description, constraints(p.schema)].filter(Boolean).join(". ")}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                ) : null}
                {op.requestBody?.content["application/json"] ? (
                  <SchemaFields schema={op.requestBody.content["application/json"].schema} caption="JSON body" />
                ) : op.requestBody ? (
                  // A body that is not JSON (the batch upload's CSV file): its media type, described above.
                  <p className="text-sm text-slate-700">
                    Body: <code>{Object.keys(op.requestBody.content).join(", ")}</code>
                  </p>
                ) : null}
                <Code>{curlFor(base, method, path, op)}</Code>
                <p className="text-sm text-slate-700">
                  <span className="font-medium">{success[0]}</span>: {success[1].description}{" "}
                  {success[1].content ? `(${Object.keys(success[1].content).join(", ")})` : null}
                </p>
                <ul className="list-inside list-disc text-xs text-slate-700">
                  {errors.map(([status, r]) => (
                    <li key={status}>
                      <span className="font-mono">{status}</span> {r.description}
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      </Section>

      <Section id="withdraw-object" title="The withdraw object">
        <p className="text-sm text-slate-700">
          Amounts in sats are exact numbers (millisat precision), decimals travel as strings, times are epoch milliseconds.{" "}
          <code>status</code> is <code>unpaid</code>, <code>processing</code> (a payment in flight), <code>paid</code>,{" "}
          <code>expired</code> or <code>cancelled</code>; expiry is exact on every read.
        </p>
        <SchemaFields schema={withdraw} caption="Withdraw" />
        <SchemaFields schema={balance} caption="Balance" />
      </Section>

      <Section id="payout-object" title="The payout object">
        <p className="text-sm text-slate-700">
          A payout pays one invoice: the one you send as <code>ln_invoice</code>, or the one a Lightning Address or LNURL-pay service sends for{" "}
          <code>destination</code>. <code>status</code> is <code>pending</code> (reserved), <code>processing</code> (handed to the node),{" "}
          <code>paid</code> or <code>failed</code> (final; the reservation is released). An unknown outcome stays <code>processing</code> until the
          node reports it. The scan answers what a code is before you pay it.
        </p>
        <SchemaFields schema={doc.components.schemas.Payout} caption="Payout" />
        <SchemaFields schema={doc.components.schemas.Scan} caption="Scan" />
      </Section>

      <Section id="webhooks" title="Webhooks">
        <p className="text-sm text-slate-700">
          Sluice POSTs an event to each of your endpoints when a withdraw is paid (<code>withdraw.paid</code>), expires (
          <code>withdraw.expired</code>), is cancelled (<code>withdraw.cancelled</code>) or its payment fails (
          <code>withdraw.payment_failed</code>), and when a payout is paid (<code>payout.paid</code>) or fails (<code>payout.failed</code>,
          with <code>data.object</code> the payout), and when a deposit is credited (<code>deposit.paid</code>, with <code>data.object</code> the
          deposit). The body is <code>{`{"id": "evt_…", "object": "event", "type", "created", "data": {"object": <the withdraw>}}`}</code>
          ; the same event id is sent on every attempt, so ignore ids you have already handled. Answer 2xx quickly; anything else is
          retried with exponential backoff for up to 3 days. Each request carries{" "}
          <code>Sluice-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, t + &quot;.&quot; + body)&gt;</code>. Verify it
          over the raw body with your endpoint&apos;s secret:
        </p>
        <Code>{`import { createHmac, timingSafeEqual } from "node:crypto";

function verify(secret, header, rawBody, toleranceSeconds = 300) {
  const parts = header.split(",").map((p) => p.split("=", 2));
  const t = Number(parts.find(([k]) => k === "t")?.[1]);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac("sha256", secret).update(\`\${t}.\${rawBody}\`).digest();
  // Every v1 entry: while a rolled secret's overlap lasts there are two, one per secret.
  return parts.filter(([k]) => k === "v1").some(([, v]) => {
    const given = Buffer.from(v ?? "", "hex");
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}`}</Code>
        <p>
          After <code>POST /api/v1/webhook_endpoints/{"{id}"}/roll_secret</code> the header carries two <code>v1=</code> entries until
          the old secret&apos;s overlap ends (the new secret&apos;s first): accept the request when any entry matches.
        </p>
      </Section>
    </article>
  );
}
