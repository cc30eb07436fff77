import { readFileSync } from "node:fs";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

// `npm run bench` measures Sluice against the framework's ceiling, an empty route handler in the same build
// (app/api/bench/empty/route.bench.ts). That route exists only in a build made for the benchmark
// (SLUICE_BENCH_BUILD=1), which goes to its own folder, so a production build never contains it.
const benchBuild = process.env.SLUICE_BENCH_BUILD === "1";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  distDir: benchBuild ? ".next-bench" : ".next",
  pageExtensions: benchBuild ? ["bench.ts", "tsx", "ts"] : ["tsx", "ts"],
  poweredByHeader: false,
  env: { SLUICE_VERSION: version },
  // Database drivers, and the HTTP client of lib/outbound, stay plain Node modules, loaded at run time rather
  // than bundled: the code that runs is the code the tests ran.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "undici"],
  typescript: { tsconfigPath: "tsconfig.json" },
};

export default nextConfig;
