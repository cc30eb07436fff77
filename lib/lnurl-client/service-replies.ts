// The shapes of LNURL services' first answers, as a wallet reads them: LUD-06 payRequest (with LUD-12
// comments and LUD-16 identifiers in its metadata) and LUD-03 withdrawRequest. Amounts are msat.
import { z } from "zod";
import { AppError } from "../errors";

const msat = z.number().int("amounts are whole millisatoshis").min(0).max(Number.MAX_SAFE_INTEGER);

const payRequestSchema = z
  .object({
    tag: z.literal("payRequest"),
    callback: z.string().min(1).max(2048),
    minSendable: msat,
    maxSendable: msat,
    metadata: z.string().min(2).max(64 * 1024),
    commentAllowed: z.number().int().min(0).max(2000).optional(),
  })
  .refine((r) => r.minSendable <= r.maxSendable, "minSendable is above maxSendable")
  .refine((r) => r.maxSendable >= 1, "maxSendable is zero");

const withdrawRequestSchema = z
  .object({
    tag: z.literal("withdrawRequest"),
    callback: z.string().min(1).max(2048),
    k1: z.string().min(1).max(1000),
    defaultDescription: z.string().max(1000).default(""),
    minWithdrawable: msat,
    maxWithdrawable: msat,
  })
  .refine((r) => r.minWithdrawable <= r.maxWithdrawable, "minWithdrawable is above maxWithdrawable");

const metadataSchema = z.array(z.tuple([z.string(), z.string()]).rest(z.unknown()));

export type PayOffer = {
  domain: string;
  callback: string;
  minMsat: bigint;
  maxMsat: bigint;
  /** The metadata string exactly as sent: its SHA-256 is what the invoice's description hash should be. */
  metadata: string;
  description: string;
  longDescription: string | null;
  /** text/identifier or text/email (LUD-16): the address the service says it is paying. */
  identifier: string | null;
  /** LUD-12: the longest comment the service accepts; 0 when it accepts none. */
  commentAllowed: number;
};

export type WithdrawOffer = { domain: string; callback: string; k1: string; description: string; minMsat: bigint; maxMsat: bigint };

const bad = (domain: string, what: string, detail: string) =>
  new AppError("lnurl_bad_response", `The service at ${domain} sent an invalid ${what}: ${detail}.`);

/** The tag of a first answer (payRequest, withdrawRequest, …), or null when it has none. */
export function replyTag(body: unknown): string | null {
  const tag = (body as { tag?: unknown } | null)?.tag;
  return typeof tag === "string" ? tag : null;
}

/** LUD-03 and others: a callback's {"status":"OK"}. */
export function isOkReply(body: unknown): boolean {
  return typeof body === "object" && body !== null && (body as { status?: unknown }).status === "OK";
}

export function readPayOffer(body: unknown, domain: string): PayOffer {
  const parsed = payRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw bad(domain, "pay request (LUD-06)", `${issue.path.join(".") || "reply"}: ${issue.message}`);
  }
  const offer = parsed.data;
  let entries: z.infer<typeof metadataSchema>;
  try {
    entries = metadataSchema.parse(JSON.parse(offer.metadata));
  } catch {
    throw bad(domain, "pay request (LUD-06)", "its metadata is not a JSON array of [type, content] pairs");
  }
  const of = (type: string) => entries.filter((e) => e[0] === type).map((e) => e[1]);
  const plain = of("text/plain");
  if (plain.length !== 1) throw bad(domain, "pay request (LUD-06)", "its metadata must hold exactly one text/plain entry");
  return {
    domain,
    callback: offer.callback,
    minMsat: BigInt(offer.minSendable),
    maxMsat: BigInt(offer.maxSendable),
    metadata: offer.metadata,
    description: plain[0],
    longDescription: of("text/long-desc")[0] ?? null,
    identifier: of("text/identifier")[0] ?? of("text/email")[0] ?? null,
    commentAllowed: offer.commentAllowed ?? 0,
  };
}

/** `invalid` words the refusal of a reply that is no valid withdraw request: by default with the domain and the field. */
export function readWithdrawOffer(
  body: unknown,
  domain: string,
  invalid: (issue: z.core.$ZodIssue) => AppError = (issue) => bad(domain, "withdraw request (LUD-03)", `${issue.path.join(".") || "reply"}: ${issue.message}`),
): WithdrawOffer {
  const parsed = withdrawRequestSchema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error.issues[0]);
  const w = parsed.data;
  return { domain, callback: w.callback, k1: w.k1, description: w.defaultDescription, minMsat: BigInt(w.minWithdrawable), maxMsat: BigInt(w.maxWithdrawable) };
}
