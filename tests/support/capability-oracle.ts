// An independent reader of withdraw capabilities in whatever Sluice sends to a browser (page HTML, the data a
// page carries for React, downloaded files). It shares no code with Sluice's own link derivation: it finds
// candidate secrets in the text by their outside forms (bech32 LNURLs decoded with the bech32 package,
// lnurlw:// and lightning: links, /api/lnurl/w/… and /claim/… paths, and any long base64url token), decodes
// the QR codes a page draws as SVG (with its own decoder over the qrcode package's symbol layout), and asks
// the database which withdraw a secret opens by the SHA-256 of the secret that the withdraws table stores.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { bech32 } from "bech32";
import QRCode, { type QRCodeMaskPattern } from "qrcode";
import type { ClientBase } from "pg";

// ---------------------------------------------------------------------------------------------------------
// Text forms. A value can reach the browser HTML-escaped (page text and attributes), JSON-escaped once or
// twice (the React data a page carries in <script> tags), CSV-quoted (downloads) or percent-encoded (links).
// The oracle reads every form: the raw text, its unescaped form, and that form percent-decoded.

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&");
}

/** Unescapes HTML entities and JSON escapes (twice, for JSON in a JSON string), then drops every backslash. */
export function unescaped(text: string): string {
  let out = decodeEntities(text);
  for (let i = 0; i < 2; i++) out = out.replace(/\\+u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return decodeEntities(out).replace(/\\/g, "");
}

function percentDecoded(text: string): string {
  return text.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/**
 * The comparison form for "does this value appear here": unescaped, CSV's doubled quotes as one, and without
 * any white space (so pretty-printed JSON compares equal to compact JSON). Applied alike to the page and to
 * the values looked for.
 */
export function flat(text: string): string {
  return unescaped(text).replace(/""/g, '"').replace(/\s+/g, "");
}

// ---------------------------------------------------------------------------------------------------------
// Candidate secrets. Over-inclusive on purpose: a candidate is only a string to hash; the database says
// whether it opens a withdraw.

const BECH32_LNURL = /lnurl1[02-9ac-hj-np-z]{6,}/gi;
const LNURLW = /lnurlw:\/\/[^\s"'<>`]+/gi;
const LINK_PATHS = /\/(?:api\/lnurl\/w|claim)\/([A-Za-z0-9_-]+)/g;
const LONG_TOKEN = /[A-Za-z0-9_-]{20,}/g;

/** Every path segment and query value of a URL-like string: where a secret could sit. */
function pieces(url: string): string[] {
  const out: string[] = [];
  for (const part of url.split(/[/?&=#]+/)) if (part) out.push(part);
  return out;
}

export type Candidate = { secret: string; form: string };

/** The bech32 LNURLs in `text`, decoded (the payload is the URL the wallet would open). */
export function bech32Lnurls(text: string): { lnurl: string; url: string }[] {
  const found: { lnurl: string; url: string }[] = [];
  for (const match of text.matchAll(BECH32_LNURL)) {
    const lnurl = match[0];
    try {
      const { prefix, words } = bech32.decode(lnurl.toLowerCase(), 4000);
      if (prefix !== "lnurl") continue;
      found.push({ lnurl, url: Buffer.from(bech32.fromWords(words)).toString("utf8") });
    } catch {
      // Not a valid bech32 string (a longer word that happens to start with lnurl1): nothing to decode.
    }
  }
  return found;
}

export function candidates(text: string): Candidate[] {
  const out = new Map<string, Candidate>();
  // One entry per secret and kind of form (LNURL, lnurlw, path, token), so each form a link is shown in counts.
  const add = (secret: string, form: string) => {
    const key = `${secret} ${form.split(" ")[0]}`;
    if (secret.length >= 16 && !out.has(key)) out.set(key, { secret, form });
  };
  const forms = [text, unescaped(text)];
  forms.push(percentDecoded(forms[1]));
  for (const form of forms) {
    for (const { lnurl, url } of bech32Lnurls(form)) {
      for (const piece of pieces(url)) add(piece, `LNURL ${lnurl.slice(0, 24)}… (${url})`);
    }
    for (const match of form.matchAll(LNURLW)) for (const piece of pieces(match[0])) add(piece, `lnurlw link ${match[0]}`);
    for (const match of form.matchAll(LINK_PATHS)) add(match[1], `path ${match[0]}`);
    for (const match of form.matchAll(LONG_TOKEN)) add(match[0], `token ${match[0].slice(0, 12)}…`);
  }
  return [...out.values()];
}

export type Opened = { secret: string; form: string; withdrawId: string; merchantId: string };

/** Which withdraws the candidates open: the withdraws table keeps the SHA-256 (hex) of each link's secret. */
export async function withdrawsOpened(db: ClientBase, found: Candidate[]): Promise<Opened[]> {
  if (found.length === 0) return [];
  const byHash = new Map<string, Candidate[]>();
  for (const c of found) {
    const hash = createHash("sha256").update(c.secret).digest("hex");
    byHash.set(hash, [...(byHash.get(hash) ?? []), c]);
  }
  const { rows } = await db.query<{ id: string; merchant_id: string; lnurl_secret_hash: string }>(
    "SELECT id, merchant_id, lnurl_secret_hash FROM withdraws WHERE lnurl_secret_hash = ANY($1::text[])",
    [[...byHash.keys()]],
  );
  return rows.flatMap((r) => byHash.get(r.lnurl_secret_hash)!.map((c) => ({ ...c, withdrawId: r.id, merchantId: r.merchant_id })));
}

// ---------------------------------------------------------------------------------------------------------
// QR codes. Sluice draws them as inline SVG (the qrcode package's renderer: one path of dark runs, "M x y.5"
// then "h n" per run and "m dx 0" between runs). The decoder below reads the module grid back from that path
// and decodes the symbol (numeric, alphanumeric and byte segments; no error correction needed for a clean
// rendering), and then proves the reading by encoding the decoded text again and comparing module by module.

type Matrix = { size: number; dark: (row: number, col: number) => boolean };

const pkgRequire = createRequire(path.join(process.cwd(), "package.json"));
const ecc = pkgRequire("qrcode/lib/core/error-correction-code") as {
  getBlocksCount(version: number, level: unknown): number;
  getTotalCodewordsCount(version: number, level: unknown): number;
};
const ecLevels = pkgRequire("qrcode/lib/core/error-correction-level") as Record<"L" | "M" | "Q" | "H", unknown>;

const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

/** The module grid of an SVG the qrcode package drew, or null when the SVG is not one. */
export function svgModules(svg: string): Matrix | null {
  const paths = [...svg.matchAll(/<path\b[^>]*\bd="([^"]+)"[^>]*>/g)].filter((m) => /stroke=/.test(m[0]) || !/fill=/.test(m[0]));
  if (paths.length !== 1) return null;
  const cells = new Set<string>();
  let x = 0;
  let y = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const cmd of paths[0][1].matchAll(/([MmHhVv])\s*(-?[\d.]+)(?:[\s,]+(-?[\d.]+))?/g)) {
    const a = Number(cmd[2]);
    const b = Number(cmd[3] ?? 0);
    if (cmd[1] === "M") [x, y] = [a, b];
    else if (cmd[1] === "m") [x, y] = [x + a, y + b];
    else if (cmd[1] === "h") {
      const row = Math.floor(y);
      for (let k = 0; k < a; k++) cells.add(`${row},${x + k}`);
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x + a - 1);
      minY = Math.min(minY, row);
      maxY = Math.max(maxY, row);
      x += a;
    } else return null;
  }
  const size = maxX - minX + 1;
  if (!Number.isFinite(size) || size !== maxY - minY + 1 || size < 21 || (size - 17) % 4 !== 0) return null;
  return { size, dark: (row, col) => cells.has(`${row + minY},${col + minX}`) };
}

function alphanumericChar(n: number): string {
  return "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"[n] ?? "?";
}

function readSegments(bytes: number[], version: number): string | null {
  let pos = 0;
  const total = bytes.length * 8;
  const take = (n: number): number => {
    let v = 0;
    for (let k = 0; k < n; k++, pos++) v = (v << 1) | ((bytes[pos >> 3] >> (7 - (pos & 7))) & 1);
    return v;
  };
  const band = version < 10 ? 0 : version < 27 ? 1 : 2;
  let text = "";
  let utf8: number[] = [];
  const flush = () => {
    text += Buffer.from(utf8).toString("utf8");
    utf8 = [];
  };
  while (pos + 4 <= total) {
    const mode = take(4);
    if (mode === 0) break;
    if (mode === 1) {
      flush();
      let count = take([10, 12, 14][band]);
      for (; count >= 3; count -= 3) text += String(take(10)).padStart(3, "0");
      if (count === 2) text += String(take(7)).padStart(2, "0");
      if (count === 1) text += String(take(4));
    } else if (mode === 2) {
      flush();
      let count = take([9, 11, 13][band]);
      for (; count >= 2; count -= 2) {
        const v = take(11);
        text += alphanumericChar(Math.floor(v / 45)) + alphanumericChar(v % 45);
      }
      if (count === 1) text += alphanumericChar(take(6));
    } else if (mode === 4) {
      const count = take([8, 16, 16][band]);
      for (let k = 0; k < count; k++) utf8.push(take(8));
    } else return null;
    if (pos > total) return null;
  }
  flush();
  return text;
}

const reservedByVersion = new Map<number, Uint8Array>();
/** Which modules of a symbol of this version are function patterns and format bits, not data. */
function reservedOf(version: number): Uint8Array {
  let reserved = reservedByVersion.get(version);
  if (!reserved) {
    reserved = QRCode.create("0", { version, errorCorrectionLevel: "L", maskPattern: 0 }).modules.reservedBit;
    reservedByVersion.set(version, reserved);
  }
  return reserved;
}

function decodeWith(m: Matrix, level: "L" | "M" | "Q" | "H", mask: number): string | null {
  const version = (m.size - 17) / 4;
  const reserved = reservedOf(version);
  const bits: number[] = [];
  let up = true;
  for (let col = m.size - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (let step = 0; step < m.size; step++) {
      const row = up ? m.size - 1 - step : step;
      for (let c = 0; c < 2; c++) {
        const j = col - c;
        if (reserved[row * m.size + j]) continue;
        bits.push(Number(m.dark(row, j) !== MASKS[mask](row, j)));
      }
    }
    up = !up;
  }
  const codewords: number[] = [];
  for (let k = 0; k + 8 <= bits.length; k += 8) codewords.push(bits.slice(k, k + 8).reduce((v, b) => (v << 1) | b, 0));
  const lvl = ecLevels[level];
  const blocks = ecc.getBlocksCount(version, lvl);
  const dataTotal = codewords.length - ecc.getTotalCodewordsCount(version, lvl);
  const inGroup2 = codewords.length % blocks;
  const dataInGroup1 = Math.floor(dataTotal / blocks);
  const sizes = Array.from({ length: blocks }, (_, b) => dataInGroup1 + (b >= blocks - inGroup2 ? 1 : 0));
  const data: number[][] = sizes.map(() => []);
  let k = 0;
  for (let i = 0; i < dataInGroup1 + 1; i++) for (let b = 0; b < blocks; b++) if (i < sizes[b]) data[b].push(codewords[k++]);
  return readSegments(data.flat(), version);
}

/** The text a QR SVG encodes, proven by encoding it again; null when the SVG is not a QR code it can read. */
export function decodeQrSvg(svg: string): string | null {
  const m = svgModules(svg);
  if (!m) return null;
  for (const level of ["M", "L", "Q", "H"] as const) {
    for (let mask = 0; mask < 8; mask++) {
      let text: string | null;
      try {
        text = decodeWith(m, level, mask);
      } catch {
        text = null;
      }
      if (text === null) continue;
      try {
        const again = QRCode.create(text, { errorCorrectionLevel: level, maskPattern: mask as QRCodeMaskPattern }).modules;
        if (again.size !== m.size) continue;
        let same = true;
        for (let r = 0; r < m.size && same; r++) for (let c = 0; c < m.size && same; c++) same = !!again.data[r * m.size + c] === m.dark(r, c);
        if (same) return text;
      } catch {
        continue;
      }
    }
  }
  return null;
}

/** Every SVG in a text that has the shape of a qrcode-package QR (a square viewBox and one path of runs). */
export function qrLikeSvgs(text: string): string[] {
  const svgs: string[] = [];
  for (const match of unescaped(text).matchAll(/<svg\b[^>]*>[\s\S]*?<\/svg>/g)) {
    if (/viewBox="0 0 (\d+) \1"/.test(match[0]) && /\bd="M\s*\d+ \d+\.5h/.test(match[0])) svgs.push(match[0]);
  }
  return svgs;
}
