// A whole number of sats typed by a person: "50000", "50 000", "50,000" or "50_000" all mean 50000n.
import { z } from "zod";

const GROUPED = /^\d{1,3}(?:[ ,_]\d{3})+$/;
const PLAIN = /^\d+$/;

export const wholeSatsInput = z
  .string({ error: "Enter an amount in sats." })
  .trim()
  .min(1, "Enter an amount in sats.")
  .refine((v) => PLAIN.test(v) || GROUPED.test(v), "Enter a whole number of sats, such as 50000.")
  .transform((v) => BigInt(v.replace(/[ ,_]/g, "")))
  .refine((v) => v >= 1n, "The amount must be at least 1 sat.");
