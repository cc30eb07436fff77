import { notFound } from "next/navigation";
import { AppHeader } from "@/components/dashboard/app-header";
import { BackendBanner } from "@/components/dashboard/backend-banner";
import { env } from "@/lib/env";
import { requireAccount } from "@/lib/web/session";

// The demo wallet exists only on the simulated node: with a real backend it would be a wallet of nothing.
export default async function DemoLayout({ children }: { children: React.ReactNode }) {
  if (env().lightning.backend !== "simulator") notFound();
  const account = await requireAccount();
  return (
    <>
      <BackendBanner backend={env().lightning.backend} network={env().lightning.network} />
      <AppHeader account={account} simulator />
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </>
  );
}
