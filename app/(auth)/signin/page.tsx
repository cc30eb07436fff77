import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { FirstOwnerForm } from "@/components/auth/first-owner-form";
import { SignInForm } from "@/components/auth/sign-in-form";
import { LightningSignIn } from "@/components/lnurl-auth/lightning-sign-in";
import { Logo } from "@/components/ui/logo";
import { hasAnyUser } from "@/lib/auth/create-first-owner";
import { DEMO_EMAIL, demoAccountExists } from "@/lib/auth/ensure-demo-account";
import { safeCallbackPath } from "@/lib/web/safe-callback";
import { currentAccount } from "@/lib/web/session";
import { createFirstOwnerAction, startLightningSignInAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentAccount()) redirect("/");
  const params = await searchParams;
  const setup = !(await hasAnyUser());
  const demo = !setup && (await demoAccountExists());

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className={`w-full space-y-6 ${setup ? "max-w-sm" : "max-w-sm md:max-w-3xl"}`}>
        <div className="text-center">
          <Logo className="text-2xl text-slate-900" />
          <p className="mt-2 text-sm text-slate-600">Lightning payouts for merchants</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          {setup ? (
            <>
              <h1 className="text-lg font-semibold">Create the owner account</h1>
              <p className="mb-4 mt-1 text-sm text-slate-600">
                This Sluice has no accounts yet. The first account owns the business and can invite others.
              </p>
              <FirstOwnerForm action={createFirstOwnerAction} />
            </>
          ) : (
            <div className="grid gap-8 md:grid-cols-2">
              <div>
                <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
                <SignInForm callbackUrl={safeCallbackPath(params.callbackUrl)} defaultEmail={demo ? DEMO_EMAIL : undefined} />
              </div>
              {/* Sign in with Lightning (LUD-04). The heading avoids the words "Sign in": the page has one such heading. */}
              <section aria-labelledby="lightning-heading" className="border-t border-slate-200 pt-6 md:border-l md:border-t-0 md:pl-8 md:pt-0">
                <h2 id="lightning-heading" className="mb-2 text-lg font-semibold">
                  Or use your Lightning wallet
                </h2>
                <LightningSignIn start={startLightningSignInAction} callbackUrl={safeCallbackPath(params.callbackUrl)} />
              </section>
            </div>
          )}
        </div>
        {demo ? (
          <p className="text-center text-xs text-slate-600">
            Demo account: <span className="font-mono">{DEMO_EMAIL}</span>. Its password was printed once in the
            terminal where Sluice first started.
          </p>
        ) : null}
      </div>
    </main>
  );
}
