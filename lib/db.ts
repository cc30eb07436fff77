// The one Prisma client. Opened lazily (never at import time: `next build` imports modules in workers).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "./generated/prisma/client";
import { resolveDatabaseUrl } from "./database/connection";

export type Db = PrismaClient;

const holder = globalThis as unknown as { sluiceDb?: PrismaClient };

export function db(): PrismaClient {
  holder.sluiceDb ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: resolveDatabaseUrl(), max: 10, allowExitOnIdle: true }),
  });
  return holder.sluiceDb;
}

export async function disconnectDb(): Promise<void> {
  const client = holder.sluiceDb;
  holder.sluiceDb = undefined;
  await client?.$disconnect();
}

/** A client inside an interactive transaction. */
export type Tx = Prisma.TransactionClient;
