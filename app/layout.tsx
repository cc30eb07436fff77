import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Sluice", template: "%s · Sluice" },
  description: "Lightning payouts for merchants: LNURL-withdraw links, balances and exports.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0e7490" };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
