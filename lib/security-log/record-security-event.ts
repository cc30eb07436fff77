// The security log: who signed in or failed to, sessions ended, API keys made and revoked, roles changed, users
// added and removed, wallets linked and unlinked. Owners read it in the dashboard (/settings/security). It
// stores labels (an email, a key's name and prefix), an address and a few plain details: never a password, a
// key, a session id or any other secret, which is why the detail values are short scalars checked here.
import { z } from "zod";
import { db, type Tx } from "../db";
import { newId } from "../ids";
import { parseInput } from "../validation";

export const SECURITY_EVENT_KINDS = [
  "sign_in_succeeded",
  "sign_in_failed",
  "password_changed",
  "signed_out_everywhere",
  "api_key_created",
  "api_key_revoked",
  "role_changed",
  "user_added",
  "user_removed",
  "wallet_linked",
  "wallet_unlinked",
] as const;

export type SecurityEventKind = (typeof SECURITY_EVENT_KINDS)[number];

const label = z.string().trim().max(200);

const eventSchema = z.object({
  kind: z.enum(SECURITY_EVENT_KINDS),
  // Omitted: the merchant of actorUserId. Null: no merchant (a failed sign-in with an unknown email).
  merchantId: z.string().min(1).nullable().optional(),
  actorUserId: z.string().min(1).nullable().optional(),
  // Omitted with actorUserId given: that user's email.
  actorLabel: label.nullable().optional(),
  subject: label.nullable().optional(),
  address: z.string().max(64).nullable().optional(),
  detail: z.record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean(), z.null()])).optional(),
});

export type SecurityEvent = z.input<typeof eventSchema>;

/** Appends one event; pass the transaction of the change it records, so both commit or neither does. */
export async function recordSecurityEvent(event: SecurityEvent, client: Tx = db()): Promise<void> {
  const data = parseInput(eventSchema, event);
  let { merchantId, actorLabel } = data;
  if (data.actorUserId && (merchantId === undefined || actorLabel === undefined)) {
    const actor = await client.user.findUnique({ where: { id: data.actorUserId }, select: { merchantId: true, email: true } });
    if (merchantId === undefined) merchantId = actor?.merchantId ?? null;
    if (actorLabel === undefined) actorLabel = actor?.email ?? null;
  }
  await client.securityEvent.create({
    data: {
      id: newId("securityEvent"),
      merchantId: merchantId ?? null,
      kind: data.kind,
      actorUserId: data.actorUserId ?? null,
      actorLabel: actorLabel ?? null,
      subject: data.subject ?? null,
      address: data.address ?? null,
      detail: data.detail ?? undefined,
    },
    select: { id: true },
  });
}
