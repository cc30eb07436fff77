// What an answer really hands out, found without Sluice's own link code: every LNURL (bech32, any case, also
// inside lightning: URIs), lnurlw:// link, and /api/lnurl/w/<secret> or /claim/<secret> path in a text, its
// secret hashed and looked up among the withdraws' stored secret hashes. A hit is a working link to money.
import { createHash } from "node:crypto";
import { bech32 } from "bech32";
import { pool } from "@/lib/db";

export type WorkingLink = { withdrawId: string; merchantId: string; form: string };

function secretsIn(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const fromUrl = (url: string, form: string) => {
    for (const m of url.matchAll(/\/(?:api\/lnurl\/w|claim)\/([A-Za-z0-9_-]{16,})/g)) found.set(m[1], form);
  };
  for (const m of text.matchAll(/lnurl1[02-9ac-hj-np-z]{20,}/gi)) {
    try {
      const { words } = bech32.decode(m[0].toLowerCase(), 10_000);
      fromUrl(Buffer.from(bech32.fromWords(words)).toString("utf8"), m[0]);
    } catch {
      // not a valid bech32 string: carries nothing
    }
  }
  fromUrl(text.replace(/\\\//g, "/"), "a URL path");
  return found;
}

/** The withdraws whose working link appears in `text`, in any form. */
export async function workingLinksIn(text: string): Promise<WorkingLink[]> {
  const secrets = secretsIn(text);
  if (secrets.size === 0) return [];
  const hashes = [...secrets.keys()].map((s) => createHash("sha256").update(s).digest("hex"));
  const { rows } = await pool().query<{ id: string; merchant_id: string; lnurl_secret_hash: string }>(
    "SELECT id, merchant_id, lnurl_secret_hash FROM withdraws WHERE lnurl_secret_hash = ANY($1::text[])",
    [hashes],
  );
  const formOf = new Map([...secrets].map(([secret, form]) => [createHash("sha256").update(secret).digest("hex"), form]));
  return rows.map((r) => ({ withdrawId: r.id, merchantId: r.merchant_id, form: formOf.get(r.lnurl_secret_hash)! }));
}
