import { randomBytes } from "node:crypto";
import { db } from "../db";
import { AppError } from "../errors";
import { createFirstOwner, hasAnyUser } from "./create-first-owner";

export const DEMO_EMAIL = "owner@demo.sluice.local";

export type DemoAccount = { email: string; password: string; merchantName: string };

/**
 * On a database with no user, creates the demo merchant and its owner with a random password, returned
 * once so that the launcher can print it. Returns null when any user exists already.
 */
export async function ensureDemoAccount(): Promise<DemoAccount | null> {
  if (await hasAnyUser()) return null;
  const account = { email: DEMO_EMAIL, password: randomBytes(12).toString("base64url"), merchantName: "Demo Shop" };
  try {
    await createFirstOwner({ ...account, name: "Demo Owner" });
    return account;
  } catch (error) {
    // Another instance created the first account between our check and our insert.
    if (error instanceof AppError && error.code === "setup_already_done") return null;
    throw error;
  }
}

export async function demoAccountExists(): Promise<boolean> {
  return (await db().user.findUnique({ where: { email: DEMO_EMAIL }, select: { id: true } })) !== null;
}
