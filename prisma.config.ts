// Prisma CLI configuration: binary-free (WebAssembly schema engine over the pg driver adapter), so that
// nothing downloads a native engine (Prisma 7's CLI downloads one at run time, which fails on machines that
// reach only the npm registry; 6.19 with engine "js" and an adapter needs none).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) {
      throw new Error("DATABASE_URL is not set: run migrations with `npm run db:migrate`, which provides it.");
    }
    // allowExitOnIdle: the CLI must not wait for the pool's idle timeout before it exits.
    return new PrismaPg({ connectionString, allowExitOnIdle: true });
  },
});
