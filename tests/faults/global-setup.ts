// The fault suite's world: its own PostgreSQL cluster (which the tests stop and restart), migrated with the
// real migrations, and a current production build of Sluice (`next start` serves it in every process).
import type { TestProject } from "vitest/node";
import { applyMigrations } from "../../lib/database/migrate";
import { buildIfStale } from "../../scripts/launcher/build";
import { freePort } from "../e2e/servers";
import { createCluster, destroyCluster, type Cluster } from "./cluster";

declare module "vitest" {
  export interface ProvidedContext {
    faultsCluster: Cluster;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await createCluster(await freePort());
  try {
    await applyMigrations(cluster.url);
    await buildIfStale(process.cwd(), (line) => console.log(`[faults] ${line}`));
  } catch (error) {
    await destroyCluster(cluster);
    throw error;
  }
  project.provide("faultsCluster", cluster);
  return () => destroyCluster(cluster);
}
