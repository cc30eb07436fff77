// Who may do what: the one table behind every check, for dashboard sessions (by role) and REST API keys (by
// scope) alike. The "Who may do what" table of SECURITY.md is this table; tests/security/permission-table.test.ts
// keeps the two equal and walks every REST route against it.
//
// The rule that shapes it: a live withdraw link (the LNURL, its lightning: and lnurlw:// forms, the QR, a
// voucher, a batch file's link column) is a bearer capability to money, so only principals that may move
// money receive one. Everyone else sees the withdraw without it.
import { AppError } from "../errors";
import type { Role } from "./schemas";

export const PRINCIPALS = ["owner", "admin", "finance", "full_key", "read_only_key"] as const;
export type Principal = (typeof PRINCIPALS)[number];

type Grants = Readonly<Record<Principal, boolean>>;
const all: Grants = { owner: true, admin: true, finance: true, full_key: true, read_only_key: true };
const money: Grants = { owner: true, admin: true, finance: false, full_key: true, read_only_key: false };
const managers: Grants = { owner: true, admin: true, finance: false, full_key: false, read_only_key: false };
const ownerOnly: Grants = { owner: true, admin: false, finance: false, full_key: false, read_only_key: false };
const people: Grants = { owner: true, admin: true, finance: true, full_key: false, read_only_key: false };

/** Every action and every piece of data, with what it covers (the first column of SECURITY.md's table). */
export const PERMISSIONS = {
  "withdraws.read": { label: "See withdraws: list, detail, status, amounts, payment proof", grants: all },
  "withdraws.link": { label: "Receive a live withdraw link: LNURL, lightning: and lnurlw:// links, claim page link, QR, vouchers, a batch file's lnurl and claim_url columns", grants: money },
  "withdraws.create": { label: "Create withdraws (one, several alike, API)", grants: money },
  "withdraws.cancel": { label: "Cancel an unpaid withdraw", grants: money },
  "batches.read": { label: "See batches and download their result file (without links unless allowed above)", grants: all },
  "batches.create": { label: "Upload a batch CSV", grants: money },
  "payouts.read": { label: "See payouts", grants: all },
  "payouts.create": { label: "Send a payout (invoice, Lightning Address, LNURL-pay)", grants: money },
  "lnurlscan.read": { label: "Scan a code (read what an LNURL, address or invoice offers)", grants: all },
  // Events carry no live link (payloads are stored without one, and removed again when read), so every
  // principal that may read the objects may read the events about them.
  "events.read": { label: "See events (what happened to withdraws, payouts and deposits; never a link)", grants: all },
  // Signing in elsewhere acts as the merchant (a service may tie an account, even a balance, to that key):
  // the principals that may act for the merchant, not those that only read.
  "lnurlauth.sign": { label: "Sign in to another service with the merchant's LNURL-auth key", grants: money },
  "lnurlauth.read": { label: "See the services signed in to with LNURL-auth, and their linking keys", grants: all },
  "balance.read": { label: "See the balance, deposits, the ledger and the statement", grants: all },
  "deposits.create": { label: "Add funds (deposit invoice, or receive from an LNURL-withdraw link; API)", grants: money },
  "exports.read": { label: "Export withdraws, the ledger and the statement (CSV, JSON)", grants: all },
  "exports.audit": { label: "See who exported what (export history)", grants: ownerOnly },
  "api_keys.manage": { label: "Create and revoke API keys", grants: managers },
  // An endpoint's URL may carry the receiver's own token, and its secret signs what the merchant trusts as
  // Sluice: so read-only keys see no endpoints at all (as finance users do not), and full keys manage them.
  "webhooks.manage": { label: "Manage webhook endpoints (dashboard and API: create, list, change, delete, roll the secret), see and resend deliveries", grants: money },
  "node.read": { label: "See the Lightning node's details", grants: managers },
  "team.manage": { label: "Add and remove users, change roles", grants: ownerOnly },
  "security_log.read": { label: "Read the security log", grants: ownerOnly },
  "account.self": { label: "Own account: password, sessions, linked wallet", grants: people },
  "demo_wallet.use": { label: "Use the demo wallet (simulator only; plays the customer)", grants: people },
} as const satisfies Record<string, { label: string; grants: Grants }>;

export type Action = keyof typeof PERMISSIONS;

/**
 * Who acts on the Team page, the API keys page and the security log: the signed-in user and their merchant
 * (lib/merchants/get-account's Account fits), and the session they act through, which a change to their own
 * role leaves open. It stands here, beside the permission table, so that every folder that asks who acts
 * imports it from below (the security log does not import lib/team/).
 */
export type Actor = { user: { id: string }; merchant: { id: string }; sessionId?: string };
export const ACTIONS = Object.keys(PERMISSIONS) as Action[];

export function principalOfRole(role: Role): Principal {
  return role;
}

export function principalOfKey(scope: "full" | "read_only"): Principal {
  return scope === "full" ? "full_key" : "read_only_key";
}

export function allows(principal: Principal, action: Action): boolean {
  return PERMISSIONS[action].grants[principal];
}

/** Shorthand for pages and components: may a user with this role do this? */
export function roleMay(role: Role, action: Action): boolean {
  return allows(principalOfRole(role), action);
}

/** Throws the refusal the caller's surface shows: a read-only key's missing scope, or a role's. */
export function assertAllowed(principal: Principal, action: Action): void {
  if (allows(principal, action)) return;
  if (principal === "read_only_key") {
    throw new AppError("insufficient_scope", "This API key is read-only; use a key with full access for this request.");
  }
  if (principal === "full_key") throw new AppError("forbidden", "API keys cannot do this; sign in to the dashboard as an owner.");
  throw new AppError("forbidden", refusal(action));
}

function refusal(action: Action): string {
  return PERMISSIONS[action].grants.admin ? "Your role is read-only: ask an owner or admin to do this." : "Only an owner can do this.";
}
