// The simulator's shared state that is not money: its node key (created once, the same for every process)
// and its behaviour switch, which tests and the CLI flip to make payments fail, hang or be slow.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "../../db";
import { queryOne, sql } from "../../database/sql";
import { oncePerDatabase } from "./once";

export const simulatorModeSchema = z.object({
  mode: z.enum(["normal", "fail", "hang", "slow"]),
  delayMs: z.number().int().min(0).max(600_000).default(2000),
});
export type SimulatorMode = z.infer<typeof simulatorModeSchema>;

const NORMAL: SimulatorMode = { mode: "normal", delayMs: 0 };

/** The mode a stored value (sim_settings 'mode', or null when never set) stands for; anything unreadable is normal. */
export function parseSimulatorMode(value: string | null | undefined): SimulatorMode {
  if (value === null || value === undefined) return NORMAL;
  try {
    const parsed = simulatorModeSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : NORMAL;
  } catch {
    return NORMAL; // not JSON
  }
}

export async function setSimulatorMode(input: z.input<typeof simulatorModeSchema>): Promise<SimulatorMode> {
  const mode = simulatorModeSchema.parse(input);
  const value = JSON.stringify(mode);
  await db().simSetting.upsert({
    where: { key: "mode" },
    create: { key: "mode", value },
    update: { value, updatedAt: new Date() },
  });
  return mode;
}

/**
 * The node's private key: the first process to ask creates it; every process then reads the same one. It
 * never changes once created, so each process reads it once per database.
 */
export const simulatorNodeKey = oncePerDatabase(async (): Promise<Uint8Array> => {
  const created = await queryOne<{ value: string }>(sql`
    INSERT INTO sim_settings (key, value) VALUES ('node_key', ${randomBytes(32).toString("hex")})
    ON CONFLICT (key) DO NOTHING RETURNING value`);
  // Another process created it first: read theirs (now committed, so visible to a new statement).
  const row = created ?? (await queryOne<{ value: string }>(sql`SELECT value FROM sim_settings WHERE key = 'node_key'`));
  if (!row) throw new Error("The simulator's node key could not be read.");
  return Uint8Array.from(Buffer.from(row.value, "hex"));
});
