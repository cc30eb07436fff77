// What the REST API accepts for webhook endpoints: the dashboard's rules (lib/webhooks/schemas.ts) with unknown
// fields refused, an update of any subset of the fields, and the overlap a secret roll asks for.
import { z } from "zod";
import { createEndpointSchema } from "./schemas";

const unknownRefused = { error: (issue: { code: string; keys?: string[] }) => (issue.code === "unrecognized_keys" ? `Unknown parameter: ${(issue.keys ?? []).join(", ")}.` : undefined) };

export const apiCreateEndpointSchema = z.strictObject(createEndpointSchema.shape, unknownRefused);

const { url, description, events, enabled } = createEndpointSchema.shape;
export const updateEndpointSchema = z.strictObject(
  { url: url.optional(), description: description.unwrap().optional(), events: events.optional(), enabled: enabled.unwrap().unwrap().optional() },
  unknownRefused,
);

export const ROLL_DEFAULT_SECONDS = 24 * 60 * 60;
export const ROLL_MAX_SECONDS = 7 * 24 * 60 * 60;

export const rollSecretSchema = z.strictObject(
  {
    expires_in_seconds: z
      .number({ error: `expires_in_seconds must be a whole number of seconds from 0 to ${ROLL_MAX_SECONDS}.` })
      .int(`expires_in_seconds must be a whole number of seconds from 0 to ${ROLL_MAX_SECONDS}.`)
      .min(0, `expires_in_seconds must be a whole number of seconds from 0 to ${ROLL_MAX_SECONDS}.`)
      .max(ROLL_MAX_SECONDS, `expires_in_seconds must be at most ${ROLL_MAX_SECONDS} (7 days).`)
      .default(ROLL_DEFAULT_SECONDS)
      .describe("How long the old secret keeps signing deliveries next to the new one (default 86400, 24 h; 0 ends it now)."),
  },
  unknownRefused,
);
