// SQL straight to the pool under Prisma, for the hot paths (the LNURL steps, claiming and settling a payment,
// creating a withdraw): each is a few statements, and through `pg` a statement costs its round trip and
// little else, where Prisma's client adds its query compiler and interactive transactions hold a pooled
// connection (and the row locks taken) across extra round trips. Everything else stays on Prisma.
//
// Values are sent as pg sends them (a bigint as its decimal text). Rows come back with int8 as bigint
// (money is millisats in int8), numeric as its exact text, timestamps as Date and json as parsed values.
import pg from "pg";
import { Prisma } from "../generated/prisma/client";
import { pool } from "../db";

export type Statement = { text: string; values: unknown[]; name?: string };
export type Queryable = Pick<pg.PoolClient, "query">;

const INT8 = 20;
const INT8_ARRAY = 1016;
const parseInt8Array = pg.types.getTypeParser(INT8_ARRAY as Parameters<typeof pg.types.getTypeParser>[0]) as (text: string) => (string | null)[];
const TYPES = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === INT8) return (text: string) => BigInt(text);
    if (oid === INT8_ARRAY) return (text: string) => parseInt8Array(text).map((v) => (v === null ? v : BigInt(v)));
    return pg.types.getTypeParser(oid, format as "text");
  }) as pg.CustomTypesConfig["getTypeParser"],
};

class RawSql {
  constructor(readonly text: string) {}
}

/** A constant piece of SQL written in the code (a column list), inlined as text. Never for values. */
export function raw(text: string): RawSql {
  return new RawSql(text);
}

/** A piece of a statement with its own parameters, to interpolate into another (CTEs one module owns). */
export class Fragment {
  constructor(
    readonly text: string,
    readonly values: unknown[],
  ) {}
}

function build(strings: TemplateStringsArray, values: unknown[]): { text: string; values: unknown[] } {
  let text = strings[0];
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof RawSql) text += value.text;
    else if (value instanceof Fragment) {
      // Its parameters follow the ones before it: $1 of the fragment becomes $(n + 1) here.
      const offset = params.length;
      text += value.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
      params.push(...value.values);
    } else {
      params.push(value);
      text += `$${params.length}`;
    }
    text += strings[i + 1];
  });
  return { text, values: params };
}

/** A statement from a template: every interpolated value becomes a parameter ($1, $2, …), never SQL text. */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Statement {
  return build(strings, values);
}

/** A fragment from a template, with the same rules as sql``. */
export function fragment(strings: TemplateStringsArray, ...values: unknown[]): Fragment {
  const { text, values: params } = build(strings, values);
  return new Fragment(text, params);
}

/**
 * A statement the server parses and plans once per connection (a named prepared statement): for the
 * statements every request runs. The name must be unique to the text.
 */
export function prepared(name: string, statement: Statement): Statement {
  return { ...statement, name };
}

export async function query<Row>(statement: Statement, client: Queryable = pool()): Promise<Row[]> {
  const result = await client.query<Row & pg.QueryResultRow>({ text: statement.text, values: statement.values, name: statement.name, types: TYPES });
  return result.rows;
}

/** The one row a statement returns, or undefined. */
export async function queryOne<Row>(statement: Statement, client?: Queryable): Promise<Row | undefined> {
  return (await query<Row>(statement, client))[0];
}

/**
 * Runs `work` in one transaction on one connection: committed when it returns, rolled back when it throws.
 * Keep the statements that lock a hot row (a balance) last, so the lock is held until COMMIT only.
 */
export async function transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch (rollback) {
      // A connection that cannot roll back is not given back to the pool.
      broken = rollback as Error;
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** A Prisma interactive transaction, or a connection from lib/database/sql.ts: shared statements run on either. */
type PrismaRaw = { $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> };

/** Runs a statement on whichever client the caller holds (see PrismaRaw). */
export async function queryOn<Row>(client: PrismaRaw | Queryable, statement: Statement): Promise<Row[]> {
  if ("$queryRawUnsafe" in client) return client.$queryRawUnsafe<Row[]>(statement.text, ...statement.values);
  return query<Row>(statement, client);
}

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * A row of `SELECT *` / `RETURNING *` in the shape of its Prisma model: snake_case columns as camelCase
 * fields, and the model's Decimal fields (numeric columns arrive as exact text) as Decimals.
 */
export function modelRow<T>(row: Record<string, unknown>, decimals: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) out[camel(column)] = value;
  for (const field of decimals) if (typeof out[field] === "string") out[field] = new Prisma.Decimal(out[field]);
  return out as T;
}
