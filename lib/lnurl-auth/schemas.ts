// What arrives from wallets and browsers, checked with zod. Reasons are short: a wallet shows them as-is.
import { z } from "zod";

const hex = (name: string, detail: string, pattern: RegExp) =>
  z
    .string({ error: `Missing ${name}.` })
    .min(1, `Missing ${name}.`)
    .transform((v) => v.toLowerCase())
    .pipe(z.string().regex(/^[0-9a-f]*$/, `${name} must be hexadecimal.`).regex(pattern, `${name} must be ${detail}.`));

export const k1Schema = hex("k1", "64 hexadecimal characters (32 bytes)", /^[0-9a-f]{64}$/);

/** The wallet's GET: the LNURL's own query (tag, k1, action) plus sig and key (LUD-04 step 3). */
export const walletCallbackSchema = z.object({
  tag: z.literal("login", { error: 'tag must be "login".' }),
  k1: k1Schema,
  sig: hex("sig", "a DER signature of 8 to 72 bytes (16 to 144 hexadecimal characters)", /^([0-9a-f]{2}){8,72}$/),
  key: hex("key", "a compressed public key: 66 hexadecimal characters starting with 02 or 03", /^0[23][0-9a-f]{64}$/),
  action: z.enum(["login", "link"], { error: 'action must be "login" or "link".' }).optional(),
});

export type WalletCallback = z.output<typeof walletCallbackSchema>;

/** The browser's question about its own k1: the k1 and the secret it was given with it. */
export const challengeQuerySchema = z.object({
  k1: k1Schema,
  secret: z.string({ error: "Missing secret." }).regex(/^[A-Za-z0-9_-]{43}$/, "The secret is not one Sluice gave out."),
});

export type ChallengeQuery = z.output<typeof challengeQuerySchema>;

/** The account holder's password, asked again before a wallet key is linked or unlinked. */
const accountPassword = z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(200, "That is not your password.");

/** The Settings page's confirmation of a proposed key: its k1, the browser's secret, and the password. */
export const walletLinkConfirmationSchema = challengeQuerySchema.extend({ password: accountPassword });

export type WalletLinkConfirmation = z.output<typeof walletLinkConfirmationSchema>;

export const walletUnlinkSchema = z.object({ password: accountPassword });
