import type { Metadata } from "next";
import Link from "next/link";
import { LinkWallet } from "@/components/lnurl-auth/link-wallet";
import { UnlinkWalletButton } from "@/components/lnurl-auth/unlink-wallet-button";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { SignOutEverywhereButton } from "@/components/settings/sign-out-everywhere-button";
import { Card } from "@/components/ui/card";
import { When } from "@/components/ui/when";
import { roleMay } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { keyFingerprint } from "@/lib/lnurl-auth/key-fingerprint";
import { getLinkedKey } from "@/lib/lnurl-auth/linked-key";
import { requireAccount } from "@/lib/web/session";
import { SESSION_IDLE_SECONDS, SESSION_MAX_SECONDS } from "@/lib/sessions/rules";
import { changePasswordAction, confirmWalletLinkAction, signOutEverywhereAction, startWalletLinkAction, unlinkWalletAction } from "./actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const account = await requireAccount();
  const linked = await getLinkedKey(account.user.id);
  const domain = new URL(env().publicUrl).host;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="mt-1 text-sm text-slate-600">
          Your own sign-in: <span className="font-medium text-slate-800">{account.user.email}</span>.
        </p>
      </div>
      <Card title="Password" className="max-w-2xl">
        <p className="mb-4 text-sm text-slate-600">
          Changing your password signs you out everywhere else: any other browser signed in as you has to sign in again.
        </p>
        <ChangePasswordForm action={changePasswordAction} />
      </Card>
      <Card title="Sessions" className="max-w-2xl">
        <div className="space-y-3">
          <p className="text-sm text-slate-600">
            A session ends when you sign out, after {SESSION_IDLE_SECONDS / 3600} hours without use, and {SESSION_MAX_SECONDS / 3600} hours after
            you signed in, whatever happens. If you signed in on a computer that is not yours, or think someone else has, sign out of every
            browser at once, this one included.
          </p>
          <SignOutEverywhereButton action={signOutEverywhereAction} />
        </div>
      </Card>
      {roleMay(account.user.role, "security_log.read") ? (
        <Card title="Security log" className="max-w-2xl">
          <p className="text-sm text-slate-600">
            Sign-ins and failed attempts, password changes, API keys, roles, users and linked wallets of {account.merchant.name}.{" "}
            <Link href="/settings/security" className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900">
              Open the security log
            </Link>
          </p>
        </Card>
      ) : null}
      <Card title="Sign in with Lightning" className="max-w-2xl">
        <div className="space-y-4">
          <p className="text-sm text-slate-600">
            Link a Lightning wallet that supports LNURL-auth (LUD-04), then sign in by scanning the code on the sign-in page instead of
            typing your password. The wallet signs with a key it makes for <span className="font-mono">{domain}</span> only; Sluice
            stores that public key, never anything secret.
          </p>
          {linked ? (
            <div className="space-y-3" data-testid="linked-wallet">
              <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[8rem_1fr]">
                <dt className="text-slate-600">Key fingerprint</dt>
                <dd className="font-mono text-sm text-slate-900" data-testid="linked-fingerprint">
                  {keyFingerprint(linked.linkingKey)}
                </dd>
                <dt className="text-slate-600">Linked key</dt>
                <dd className="break-all font-mono text-xs text-slate-900" data-testid="linked-key">
                  {linked.linkingKey}
                </dd>
                <dt className="text-slate-600">Linked</dt>
                <dd>
                  <When at={linked.createdAt} />
                </dd>
                <dt className="text-slate-600">Last sign-in</dt>
                <dd>
                  <When at={linked.lastUsedAt} />
                </dd>
              </dl>
              <UnlinkWalletButton action={unlinkWalletAction} />
            </div>
          ) : (
            <LinkWallet start={startWalletLinkAction} confirm={confirmWalletLinkAction} />
          )}
        </div>
      </Card>
    </div>
  );
}
