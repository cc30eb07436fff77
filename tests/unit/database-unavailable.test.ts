// Which errors mean "the database cannot be reached right now" (answered 503 / "try again"), and which do
// not. The shapes are the ones Prisma 6.19 over @prisma/adapter-pg and pg 8 produced on this machine against
// a closed port and a terminated connection (see tests/faults for the same errors from a real restart).
import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "@/lib/database/unavailable";

const prismaError = (code: string, cause: Record<string, unknown>) =>
  Object.assign(new Error("Invalid `db().merchant.count()` invocation"), { name: "PrismaClientKnownRequestError", code, meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: "FATAL" });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["Prisma P1001, adapter DatabaseNotReachable", prismaError("P1001", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 1 })],
    ["Prisma raw query P2010 wrapping DatabaseNotReachable", prismaError("P2010", { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 1 })],
    ["Prisma P2010 wrapping a postgres 57P01", prismaError("P2010", { kind: "postgres", code: "57P01", message: "terminating connection due to administrator command" })],
    ["Prisma P2024 pool timeout", Object.assign(new Error("Timed out fetching a new connection from the connection pool."), { code: "P2024" })],
    ["pg 57P01 admin shutdown", pgError("57P01", "terminating connection due to administrator command")],
    ["pg 57P03 cannot connect now", pgError("57P03", "the database system is starting up")],
    ["pg 08006 connection failure", pgError("08006", "connection failure")],
    ["pg 53300 too many connections", pgError("53300", "sorry, too many clients already")],
    ["socket ECONNREFUSED", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["pg Connection terminated", new Error("Connection terminated unexpectedly")],
    // A server on a Unix socket that is stopped has removed its socket file: connecting fails with ENOENT.
    ["pg, Unix socket gone", Object.assign(new Error("connect ENOENT /srv/sluice/.data/postgres/.s.PGSQL.5432"), { code: "ENOENT", syscall: "connect" })],
    [
      "Prisma, Unix socket gone",
      Object.assign(new Error("\nInvalid `prisma.$queryRaw()` invocation:\n\n\nconnect ENOENT /srv/sluice/.data/postgres/.s.PGSQL.5432"), {
        name: "PrismaClientKnownRequestError",
        code: "ENOENT",
      }),
    ],
    ["nested in cause", new Error("export failed", { cause: pgError("57P01", "terminating connection") })],
  ])("%s: unavailable", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["Prisma unique violation P2002", Object.assign(new Error("Unique constraint failed"), { code: "P2002" })],
    ["Prisma P2010 wrapping a check violation", prismaError("P2010", { kind: "postgres", code: "23514", message: "violates check constraint" })],
    ["pg serialization failure 40001", pgError("40001", "could not serialize access")],
    ["a plain bug", new TypeError("Cannot read properties of undefined")],
    ["a missing file", Object.assign(new Error("ENOENT: no such file or directory, open '/srv/sluice/.data/lnurl-secret-key'"), { code: "ENOENT", syscall: "open" })],
    ["not an error", "ECONNREFUSED"],
    ["nothing", undefined],
  ])("%s: not unavailable", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
