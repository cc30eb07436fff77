import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { When } from "@/components/ui/when";
import { roleMay } from "@/lib/auth/permissions";
import { isAppError } from "@/lib/errors";
import { listSecurityEvents, type SecurityLogEntry } from "@/lib/security-log/list-security-events";
import { requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Security log" };

const KIND_NAMES: Record<SecurityLogEntry["kind"], string> = {
  sign_in_succeeded: "Signed in",
  sign_in_failed: "Failed sign-in",
  password_changed: "Password changed",
  signed_out_everywhere: "Signed out everywhere",
  api_key_created: "API key created",
  api_key_revoked: "API key revoked",
  role_changed: "Role changed",
  user_added: "User added",
  user_removed: "User removed",
  wallet_linked: "Wallet linked",
  wallet_unlinked: "Wallet unlinked",
};

function describe(entry: SecurityLogEntry): string {
  const d = entry.detail ?? {};
  switch (entry.kind) {
    case "sign_in_succeeded":
      return d.method === "lightning" ? "with a Lightning wallet" : "with the password";
    case "sign_in_failed":
      return `wrong ${d.method === "password_change" ? "current password when changing it" : "password"} for ${entry.subject ?? "?"}${typeof d.locked_seconds === "number" ? `; sign-in locked for ${d.locked_seconds} s` : ""}`;
    case "password_changed":
      return `${d.other_sessions_ended ?? 0} other session(s) ended`;
    case "signed_out_everywhere":
      return `${d.sessions ?? 0} session(s) ended`;
    case "api_key_created":
    case "api_key_revoked":
      return `${entry.subject ?? ""}, ${d.scope === "full" ? "full access" : "read-only"}`;
    case "role_changed":
      return `${entry.subject ?? ""}: ${String(d.from)} → ${String(d.to)}`;
    case "user_added":
    case "user_removed":
      return `${entry.subject ?? ""} (${String(d.role)})`;
    case "wallet_linked":
      return `key ${(entry.subject ?? "").slice(0, 16)}…`;
    case "wallet_unlinked":
      return "";
  }
}

export default async function SecurityLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const account = await requireAccount();
  if (!roleMay(account.user.role, "security_log.read")) {
    return (
      <div className="mx-auto max-w-lg space-y-4 py-8 text-center">
        <h1 className="text-2xl font-semibold tracking-tight">Not allowed</h1>
        <p className="text-sm text-slate-700">Only an owner of {account.merchant.name} can read the security log.</p>
        <Link href="/settings" className="inline-block text-sm font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900">
          Back to Settings
        </Link>
      </div>
    );
  }
  const { before } = await searchParams;
  let page: Awaited<ReturnType<typeof listSecurityEvents>>;
  try {
    page = await listSecurityEvents(account, { before: typeof before === "string" ? before : undefined });
  } catch (error) {
    if (isAppError(error) && error.code === "validation_error") page = await listSecurityEvents(account, {});
    else throw error;
  }
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Security log</h1>
        <p className="mt-1 text-sm text-slate-600">
          Sign-ins, failed attempts, sessions ended, API keys, roles, users and linked wallets of {account.merchant.name}, newest first.
          Passwords and keys are never recorded.
        </p>
      </div>
      <Card>
        {page.entries.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing recorded yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">When</th>
                  <th scope="col" className="py-2 pr-4 font-medium">What</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Who</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Details</th>
                  <th scope="col" className="py-2 font-medium">Address</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {page.entries.map((entry) => (
                  <tr key={entry.id} data-testid="security-event" data-kind={entry.kind}>
                    <td className="whitespace-nowrap py-2 pr-4 text-slate-600">
                      <When at={entry.createdAt} />
                    </td>
                    <td className={`py-2 pr-4 font-medium ${entry.kind === "sign_in_failed" ? "text-red-800" : "text-slate-900"}`}>{KIND_NAMES[entry.kind]}</td>
                    <td className="py-2 pr-4 text-slate-700">{entry.actorLabel ?? "—"}</td>
                    <td className="py-2 pr-4 text-slate-700">{describe(entry)}</td>
                    <td className="py-2 font-mono text-xs text-slate-600">{entry.address ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {page.nextBefore ? (
          <Link
            href={`/settings/security?before=${page.nextBefore}`}
            className="mt-4 inline-block text-sm font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900"
          >
            Older entries
          </Link>
        ) : null}
      </Card>
    </div>
  );
}
