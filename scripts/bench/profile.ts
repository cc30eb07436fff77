// Where a server's time goes: a `node --cpu-prof` profile summarised by module, by function and inclusively.
import { readFileSync } from "node:fs";
import path from "node:path";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

export function summariseProfile(file: string, label: string): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const root = process.cwd();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const where = (n: ProfileNode) => {
    const url = n.callFrame.url.replace(/^file:\/\//, "");
    const short = url.startsWith(root) ? path.relative(root, url) : url;
    return `${n.callFrame.functionName || "(anonymous)"} ${short ? `${short}:${n.callFrame.lineNumber + 1}` : ""}`.trim();
  };
  const area = (n: ProfileNode) => {
    const url = n.callFrame.url.replace(/^file:\/\//, "");
    if (!url) return n.callFrame.functionName; // (idle), (program), (garbage collector)
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (pkg) return pkg[1];
    if (url.startsWith("node:")) return "node internals";
    return url.startsWith(root) ? path.relative(root, url) : url;
  };
  const self = new Map<string, number>();
  const byArea = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = nodes.get(id)!;
    self.set(where(node), (self.get(where(node)) ?? 0) + dt);
    byArea.set(area(node), (byArea.get(area(node)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let n: ProfileNode | undefined = node; n; n = nodes.get(parent.get(n.id) ?? -1)) {
      const key = where(n);
      if (!seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
      }
    }
  });
  const top = (m: Map<string, number>, count: number, title: string) => {
    console.log(`\n${title}`);
    for (const [name, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, count)) {
      console.log(`  ${(ms / 1000).toFixed(2).padStart(8)} s ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${name}`);
    }
  };
  console.log(`\nCPU profile of ${label}: ${file} (${(total / 1000).toFixed(1)} s sampled)`);
  top(byArea, 20, "Self time by module:");
  top(self, 30, "Self time by function:");
  inclusive.delete("(root)");
  top(inclusive, 40, "Inclusive time by function:");
}
