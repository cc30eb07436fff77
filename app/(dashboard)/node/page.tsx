import type { Metadata } from "next";
import Link from "next/link";
import { NodeStatusCard } from "@/components/node/node-status-card";
import { roleMay } from "@/lib/auth/permissions";
import { readNodeStatus } from "@/lib/lightning/read-node-status";
import { requireAccount } from "@/lib/web/session";

export const metadata: Metadata = { title: "Node" };

export default async function NodePage() {
  const account = await requireAccount();
  if (!roleMay(account.user.role, "node.read")) {
    return (
      <div className="mx-auto max-w-lg space-y-4 py-8 text-center">
        <h1 className="text-2xl font-semibold tracking-tight">Not allowed</h1>
        <p className="text-sm text-slate-700">Only owners and admins of {account.merchant.name} can see the Lightning node.</p>
        <Link href="/" className="inline-block text-sm font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900">
          Back to the overview
        </Link>
      </div>
    );
  }
  const status = await readNodeStatus();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Lightning node</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          The node Sluice pays from, asked afresh when this page loads. To change it, see “Connecting a Lightning node” in
          Sluice&apos;s docs/operating.md.
        </p>
      </div>
      <NodeStatusCard status={status} />
    </div>
  );
}
