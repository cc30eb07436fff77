import { env } from "../env";
import { simulatorBackend } from "./simulator";
import type { LightningBackend } from "./types";

let backend: LightningBackend | undefined;

/** The configured Lightning backend (LIGHTNING_BACKEND), created on first use. */
export function lightning(): LightningBackend {
  backend ??= simulatorBackend(env().lightning.network);
  return backend;
}
