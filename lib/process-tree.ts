// Processes as Linux's /proc shows them: a process's parent, everything it started, and their memory.
import { readdirSync, readFileSync } from "node:fs";

/** The parent pid from /proc/<pid>/stat ("pid (comm) state ppid …"; comm may contain spaces and parentheses). */
export function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** A process and every process below it (a postmaster's backends; a launcher's Next.js and database server). */
export function processTree(root: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== undefined) childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), Number(entry)]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(childrenOf.get(tree[i]) ?? []));
  return tree;
}

/**
 * The memory of a process tree in bytes: RSS summed (shared memory counted again in every process that touched
 * it) and PSS summed (each shared page split among its sharers, so the sum is what the tree really takes).
 */
export function treeMemory(root: number): { processes: number; rssBytes: number; pssBytes: number } {
  let processes = 0;
  let rssBytes = 0;
  let pssBytes = 0;
  for (const pid of processTree(root)) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      rssBytes += Number(/^Rss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      pssBytes += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
      processes++;
    } catch {
      // exited meanwhile
    }
  }
  return { processes, rssBytes, pssBytes };
}
