import { readFileSync } from "node:fs";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  env: { SLUICE_VERSION: version },
  // Database drivers stay plain Node modules, loaded at run time rather than bundled.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "@electric-sql/pglite"],
  typescript: { tsconfigPath: "tsconfig.json" },
};

export default nextConfig;
