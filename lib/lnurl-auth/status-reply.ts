// The reply of the status poll (POST /api/lnurl/auth/status) that a page showing an LNURL-auth QR code sends
// with its k1 and secret: built here for the route, and the one type the page's poll reads it with.
// Timestamps are epoch milliseconds; a proposed key comes with its fingerprint, the short form the page shows.
import { z } from "zod";
import type { ChallengeStatus } from "./challenge-status";
import { keyFingerprint } from "./key-fingerprint";

export const challengeStatusReplySchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("pending"), expires_at: z.number().int(), refusal: z.string().nullable() }),
  z.object({ status: z.literal("proposed"), linking_key: z.string(), fingerprint: z.string(), expires_at: z.number().int() }),
  z.object({ status: z.literal("linked"), linking_key: z.string() }),
  z.object({ status: z.enum(["unknown", "expired", "verified", "used"]) }),
]);

export type ChallengeStatusReply = z.output<typeof challengeStatusReplySchema>;

function build(status: ChallengeStatus): ChallengeStatusReply {
  switch (status.status) {
    case "pending":
      return { status: "pending", expires_at: status.expiresAt.getTime(), refusal: status.refusal };
    case "proposed":
      return { status: "proposed", linking_key: status.linkingKey, fingerprint: keyFingerprint(status.linkingKey), expires_at: status.expiresAt.getTime() };
    case "linked":
      return { status: "linked", linking_key: status.linkingKey };
    default:
      return { status: status.status };
  }
}

/** The reply for `status`, checked against the schema before it leaves. */
export function challengeStatusReply(status: ChallengeStatus): ChallengeStatusReply {
  return challengeStatusReplySchema.parse(build(status));
}
