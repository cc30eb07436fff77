import Link from "next/link";
import { Logo } from "@/components/ui/logo";
import { roleMay } from "@/lib/auth/permissions";
import type { Account } from "@/lib/merchants/get-account";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";

function navigation(account: Account, simulator: boolean) {
  return [
    { href: "/", label: "Overview" },
    { href: "/withdraws", label: "Withdraws" },
    { href: "/payouts", label: "Payouts" },
    { href: "/balance", label: "Balance" },
    { href: "/statement", label: "Statement" },
    { href: "/exports", label: "Exports" },
    ...(roleMay(account.user.role, "team.manage") ? [{ href: "/team", label: "Team" }] : []),
    ...(roleMay(account.user.role, "node.read") ? [{ href: "/node", label: "Node" }] : []),
    { href: "/developers", label: "Developers" },
    ...(simulator ? [{ href: "/demo/wallet", label: "Demo wallet" }] : []),
    { href: "/settings", label: "Settings" },
  ];
}

const ROLE_LABELS = { owner: "Owner", admin: "Admin", finance: "Finance" } as const;

export function AppHeader({ account, simulator }: { account: Account; simulator: boolean }) {
  return (
    <header className="border-b border-slate-200 bg-white print:hidden">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" aria-label="Sluice overview">
          <Logo className="text-lg text-slate-900" />
        </Link>
        <p className="border-l border-slate-200 pl-4 text-sm font-medium text-slate-600" data-testid="merchant-name">
          {account.merchant.name}
        </p>
        <nav aria-label="Main" className="order-last -mx-1 flex w-full items-center gap-1 overflow-x-auto whitespace-nowrap sm:order-none sm:w-auto">
          {navigation(account, simulator).map((item) => (
            <NavLink key={item.href} href={item.href}>
              {item.label}
            </NavLink>
          ))}
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <span className="hidden text-right text-xs leading-tight text-slate-600 sm:block">
            <span className="block font-medium text-slate-800">{account.user.name ?? account.user.email}</span>
            {ROLE_LABELS[account.user.role]}
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
