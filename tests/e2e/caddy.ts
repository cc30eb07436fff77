// Caddy (Debian's `caddy` package) in front of a Sluice server on loopback, set up as docs/operating.md's
// "Deploying" section sets it up: one site block that proxies to Sluice on 127.0.0.1. What differs from a server on the
// internet is only what a test on one machine needs: `tls internal` (Caddy's own local certificate authority
// instead of Let's Encrypt), high ports instead of 80 and 443, no admin endpoint, the CA's root not installed
// into the machine's trust store, and every file of Caddy's in a temporary folder.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "../../lib/free-port";
import { httpsClient } from "./https-client";

export type StartedCaddy = {
  /** https://localhost:<port>, the public URL Sluice is configured with. */
  url: string;
  /** The temporary folder of its configuration, certificate authority and certificates. */
  dir: string;
  /** PEM of Caddy's local root certificate: what a client must trust, and nothing else. */
  rootCertificate: string;
  child: ChildProcess;
  output: () => string;
};

/** The caddy binary (CADDY_PATH, else `caddy` on the PATH); a machine without one fails the suite, saying how to get it. */
export function caddyBinary(): string {
  const binary = process.env.CADDY_PATH || "caddy";
  const probe = spawnSync(binary, ["version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) throw new Error("caddy not found: install Debian's caddy package (apt-get install caddy)");
  return binary;
}

export function testCaddyfile({ httpsPort, httpPort, upstreamPort }: { httpsPort: number; httpPort: number; upstreamPort: number }): string {
  return `{
	admin off
	skip_install_trust
	http_port ${httpPort}
	https_port ${httpsPort}
}

localhost:${httpsPort} {
	bind 127.0.0.1
	tls internal
	reverse_proxy 127.0.0.1:${upstreamPort}
}
`;
}

/** Starts Caddy on https://localhost:<httpsPort> in front of Sluice, and waits until a client trusting its root gets an answer through it. */
export async function startCaddy(httpsPort: number, upstreamPort: number): Promise<StartedCaddy> {
  const binary = caddyBinary();
  const dir = mkdtempSync(path.join(tmpdir(), "sluice-e2e-caddy-"));
  const config = path.join(dir, "Caddyfile");
  writeFileSync(config, testCaddyfile({ httpsPort, httpPort: await freePort(), upstreamPort }));
  mkdirSync(path.join(dir, "data"));
  const child = spawn(binary, ["run", "--config", config, "--adapter", "caddyfile"], {
    // Caddy keeps its certificate authority and certificates under $XDG_DATA_HOME/caddy.
    env: { ...process.env, HOME: dir, XDG_DATA_HOME: path.join(dir, "data"), XDG_CONFIG_HOME: path.join(dir, "config") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `https://localhost:${httpsPort}`;
  const rootFile = path.join(dir, "data", "caddy", "pki", "authorities", "local", "root.crt");

  const deadline = Date.now() + 30_000;
  let lastError = "";
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`Caddy exited (${child.exitCode ?? child.signalCode}) before it served:\n${output}`);
    if (existsSync(rootFile)) {
      const rootCertificate = readFileSync(rootFile, "utf8");
      try {
        const res = await httpsClient({ ca: rootCertificate })(`${url}/api/health`);
        if (res.status === 200) return { url, dir, rootCertificate, child, output: () => output };
        lastError = `HTTP ${res.status}`;
      } catch (error) {
        lastError = (error as Error).message;
      }
    }
    if (Date.now() > deadline) {
      child.kill("SIGTERM");
      throw new Error(`Caddy did not serve ${url}/api/health within 30 s (last: ${lastError}):\n${output}`);
    }
    await sleep(100);
  }
}

export async function stopCaddy(caddy: StartedCaddy): Promise<void> {
  const { child } = caddy;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/**
 * A home folder for Chromium whose NSS certificate store (~/.pki/nssdb, where Chromium on Linux reads the trust
 * anchors a user added) trusts Caddy's root to identify web sites. Chromium then verifies Caddy's certificate
 * as any browser verifies a public one; certificate errors are not ignored.
 */
export function browserHomeTrusting(rootCertificate: string): string {
  const probe = spawnSync("certutil", ["-H"], { encoding: "utf8" });
  if (probe.error) throw new Error("certutil not found: install Debian's libnss3-tools package (apt-get install libnss3-tools)");
  const home = mkdtempSync(path.join(tmpdir(), "sluice-e2e-browser-home-"));
  const db = `sql:${path.join(home, ".pki", "nssdb")}`;
  mkdirSync(path.join(home, ".pki", "nssdb"), { recursive: true });
  const rootFile = path.join(home, "caddy-root.crt");
  writeFileSync(rootFile, rootCertificate);
  for (const args of [
    ["-N", "-d", db, "--empty-password"],
    ["-A", "-d", db, "-n", "Caddy local root (Sluice e2e)", "-t", "C,,", "-i", rootFile],
  ]) {
    const run = spawnSync("certutil", args, { encoding: "utf8" });
    if (run.status !== 0) throw new Error(`certutil ${args.join(" ")} failed:\n${run.stdout}${run.stderr}`);
  }
  return home;
}
