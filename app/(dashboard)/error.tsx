"use client";

import { Button } from "@/components/ui/button";

export default function DashboardError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-lg space-y-4 rounded-lg border border-red-200 bg-red-50 p-6 text-center">
      <h1 className="text-lg font-semibold text-red-900">This page could not be loaded</h1>
      <p className="text-sm text-red-800">Sluice could not reach its database or another part failed. Try again in a moment.</p>
      <Button onClick={() => reset()}>Try again</Button>
    </div>
  );
}
