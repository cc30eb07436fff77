import { z } from "zod";
import { jsonValueSchema } from "../json-value";
import { CURRENCIES } from "../money";
import { TTL_DEFAULT_SECONDS, TTL_MAX_SECONDS, TTL_MIN_SECONDS } from "./rules";

const metadataSchema = z
  .record(z.string().max(40, "Metadata keys are at most 40 characters."), jsonValueSchema)
  .refine((m) => Object.keys(m).length <= 50, "Metadata holds at most 50 keys.")
  .refine((m) => JSON.stringify(m).length <= 8192, "Metadata is at most 8 KB of JSON.");

export const createWithdrawSchema = z.strictObject(
  {
    amount: z.union([z.string(), z.number()], { error: "Give the amount as a number or a decimal string." }),
    min_amount: z
      .union([z.string(), z.number()], { error: "Give min_amount as a number or a decimal string." })
      .nullable()
      .optional()
      .describe(
        "Offer a range instead of one amount: the least the customer may withdraw, in the same currency, at most `amount`. The wallet (or claim page) chooses any amount from it up to `amount`; the unused part of the reservation is released when paid. Omit or null for a fixed amount.",
      ),
    currency: z.enum(CURRENCIES, { error: `Currency must be one of ${CURRENCIES.join(", ")}.` }),
    ttl: z
      .number({ error: "ttl must be a whole number of seconds." })
      .int("ttl must be a whole number of seconds.")
      .min(TTL_MIN_SECONDS, `ttl must be at least ${TTL_MIN_SECONDS} seconds.`)
      .max(TTL_MAX_SECONDS, `ttl must be at most ${TTL_MAX_SECONDS} seconds (one year).`)
      .default(TTL_DEFAULT_SECONDS),
    statement_descriptor: z
      .string({ error: "statement_descriptor must be a string." })
      .trim()
      .max(140, "statement_descriptor is at most 140 characters.")
      .optional(),
    metadata: metadataSchema.optional(),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Unknown field: ${issue.keys.join(", ")}.` : undefined) },
);

export type CreateWithdrawInput = z.input<typeof createWithdrawSchema>;
