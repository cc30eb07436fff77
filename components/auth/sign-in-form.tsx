"use client";

import { useState, useSyncExternalStore, type FormEvent } from "react";
import { signIn } from "next-auth/react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

// True once React runs in the browser (false in the server's HTML), without an effect.
const noSubscription = () => () => {};
const useInteractive = () => useSyncExternalStore(noSubscription, () => true, () => false);

export function SignInForm({ callbackUrl, defaultEmail }: { callbackUrl: string; defaultEmail?: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // Until the script runs, the form cannot be sent: submitted natively it would be a request carrying the
  // password, which must only ever go in the body of next-auth's POST below.
  const interactive = useInteractive();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!result || result.error) {
        // next-auth passes on the message of a refused attempt (too many failures, busy); anything else is
        // the one answer that does not say which of email or password was wrong.
        const refusal = result?.error && /^(Too many failed sign-ins|Sluice is busy)/.test(result.error) ? result.error : null;
        setError(refusal ?? "Wrong email or password.");
        setPending(false);
        return;
      }
      window.location.assign(callbackUrl);
    } catch {
      setError("Sluice could not be reached. Check your connection and try again.");
      setPending(false);
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <noscript>
        <Alert tone="error">Signing in needs JavaScript. Turn it on for this site and reload the page.</Alert>
      </noscript>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <TextField label="Email" name="email" type="email" autoComplete="username" required defaultValue={defaultEmail} />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" disabled={!interactive || pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
