import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Sluice", template: "%s · Sluice" },
  description: "Lightning payouts for merchants: LNURL-withdraw links, balances and exports.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0e7490" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: Next.js can only put proxy.ts's per-request CSP nonce on the scripts of a
  // page it renders now, and a page prerendered at build time would have its scripts blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
