"use client";

import { useState } from "react";
import { Button } from "./button";

export function CopyButton({ value, label = "Copy", className = "" }: { value: string; label?: string; className?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      // Clipboard access is refused on plain http and in some browsers: the text stays selectable on the page.
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2500);
  }

  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="secondary" className={`px-3 py-1.5 ${className}`} onClick={() => void copy()}>
        {label}
      </Button>
      <span aria-live="polite" className="text-xs text-slate-600">
        {state === "copied" ? "Copied." : state === "failed" ? "Copy failed: select the text and copy it by hand." : ""}
      </span>
    </span>
  );
}
