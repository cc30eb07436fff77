"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { displaySats, satsNumberToMsat } from "@/lib/money";

/** `sats` is the bar's height (msatToSatsNumber); `satsText` the exact amount for the tooltip (displaySats). */
export type ChartDay = { day: string; sats: number; satsText: string; count: number };

/** Sats paid out per day over the last 30 days. */
export function PayoutsChart({ days }: { days: ChartDay[] }) {
  return (
    <div className="h-64 w-full" role="img" aria-label={`Payouts per day over the last ${days.length} days`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} tick={{ fontSize: 11, fill: "#475569" }} interval="preserveStartEnd" />
          <YAxis
            tick={{ fontSize: 11, fill: "#475569" }}
            width={64}
            allowDecimals={false}
            tickFormatter={(v: number) => displaySats(satsNumberToMsat(v))}
          />
          <Tooltip
            formatter={(_value, _name, item) => [`${(item.payload as ChartDay).satsText} sats`, "Paid out"]}
            labelFormatter={(label) => `${label} (UTC)`}
          />
          <Bar dataKey="sats" fill="#0e7490" radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
