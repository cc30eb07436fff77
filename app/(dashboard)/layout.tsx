import { AppHeader } from "@/components/dashboard/app-header";
import { BackendBanner } from "@/components/dashboard/backend-banner";
import { env } from "@/lib/env";
import { requireAccount } from "@/lib/web/session";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const account = await requireAccount();
  return (
    <>
      <BackendBanner backend={env().lightning.backend} network={env().lightning.network} />
      <AppHeader account={account} simulator={env().lightning.backend === "simulator"} />
      <main className="mx-auto max-w-6xl px-4 py-8 print:max-w-none print:p-0">{children}</main>
    </>
  );
}
