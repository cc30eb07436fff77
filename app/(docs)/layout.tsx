import Link from "next/link";
import { Logo } from "@/components/ui/logo";

export default function DocsLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center gap-4 px-4 py-3">
          <Link href="/" aria-label="Sluice dashboard">
            <Logo className="text-lg text-slate-900" />
          </Link>
          <p className="border-l border-slate-200 pl-4 text-sm font-medium text-slate-600">API reference</p>
        </div>
      </header>
      <main className="mx-auto max-w-5xl px-4 py-8">{children}</main>
    </>
  );
}
