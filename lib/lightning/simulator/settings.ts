// The simulator's shared state that is not money: its node key (created once, the same for every process)
// and its behaviour switch, which tests and the CLI flip to make payments fail, hang or be slow.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "../../db";

export const simulatorModeSchema = z.object({
  mode: z.enum(["normal", "fail", "hang", "slow"]),
  delayMs: z.number().int().min(0).max(600_000).default(2000),
});
export type SimulatorMode = z.infer<typeof simulatorModeSchema>;

const NORMAL: SimulatorMode = { mode: "normal", delayMs: 0 };

export async function getSimulatorMode(): Promise<SimulatorMode> {
  const row = await db().simSetting.findUnique({ where: { key: "mode" }, select: { value: true } });
  if (!row) return NORMAL;
  const parsed = simulatorModeSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : NORMAL;
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

/** The node's private key: the first process to ask creates it; every process then reads the same one. */
export async function simulatorNodeKey(): Promise<Uint8Array> {
  await db().$executeRaw`
    INSERT INTO sim_settings (key, value) VALUES ('node_key', ${randomBytes(32).toString("hex")})
    ON CONFLICT (key) DO NOTHING`;
  const row = await db().simSetting.findUniqueOrThrow({ where: { key: "node_key" }, select: { value: true } });
  return Uint8Array.from(Buffer.from(row.value, "hex"));
}
