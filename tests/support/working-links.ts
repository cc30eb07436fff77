// What an answer really hands out, found without Sluice's own link code: the capability oracle's reader
// (capability-oracle.ts: LNURLs in any case, lnurlw:// links, /api/lnurl/w/ and /claim/ paths, long tokens), each
// candidate secret's SHA-256 looked up among the withdraws' stored hashes. A hit is a working link to money.
import { pool } from "@/lib/db";
import { candidates, withdrawsOpened } from "./capability-oracle";

export type WorkingLink = { withdrawId: string; merchantId: string; form: string };

/** The withdraws whose working link appears in `text`, in any form: one entry per withdraw. */
export async function workingLinksIn(text: string): Promise<WorkingLink[]> {
  const client = await pool().connect();
  try {
    const opened = await withdrawsOpened(client, candidates(text));
    const byWithdraw = new Map(opened.map((o) => [o.withdrawId, { withdrawId: o.withdrawId, merchantId: o.merchantId, form: o.form }]));
    return [...byWithdraw.values()];
  } finally {
    client.release();
  }
}
