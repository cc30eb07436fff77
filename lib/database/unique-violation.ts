// Telling a unique violation from other database errors, however Prisma reports it: a model call's P2002, a
// raw query's P2010 carrying the driver adapter's UniqueConstraintViolation (SQLSTATE 23505), or the payment
// hash trigger's unique_violation, which names no constraint and arrives with its message only.
import { Prisma } from "../generated/prisma/client";

export function isUniqueViolation(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2002") return true;
    const cause = (error.meta?.driverAdapterError as { cause?: { kind?: string; originalCode?: string } } | undefined)?.cause;
    if (cause?.kind === "UniqueConstraintViolation" || cause?.originalCode === "23505") return true;
  }
  // Straight from pg (lib/database/sql.ts): the SQLSTATE.
  if ((error as { code?: unknown } | null)?.code === "23505") return true;
  return error instanceof Error && /already used by a (withdraw|payout)|unique constraint/i.test(error.message);
}
