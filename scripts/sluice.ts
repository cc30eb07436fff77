// The admin CLI: `npm run sluice -- <command> [options]`. Works against DATABASE_URL, the embedded database
// of a running Sluice (through its socket), or the embedded database opened here when Sluice is stopped.
import { parseArgs } from "node:util";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { findRunningEmbeddedDatabase } from "@/lib/database/embedded-layout";
import { createDeposit } from "@/lib/deposits/create-deposit";
import { env } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { adjustBalance } from "@/lib/ledger/adjust-balance";
import { payFromDemoWallet } from "@/lib/lightning/simulator/demo-wallet";
import { setSimulatorMode } from "@/lib/lightning/simulator/settings";
import { formatMsatAsSats, satsToMsat } from "@/lib/money";
import { addUser } from "@/lib/merchants/add-user";
import { createMerchantAccount } from "@/lib/merchants/create-merchant-account";
import { merchantOfUser } from "@/lib/merchants/merchant-of-user";
import { ValidationError } from "@/lib/validation";
import { createWithdraw } from "@/lib/withdraws/create-withdraw";
import { linkAccessFor } from "@/lib/withdraws/link-access";
import { serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { fail } from "./launcher/log";
import { withDatabase } from "./launcher/with-database";

type Options = Record<string, string | boolean | undefined>;
type Command = {
  usage: string;
  options: Record<string, { type: "string" | "boolean" }>;
  run: (o: Options) => Promise<void>;
  /** Runs without opening the database (it only reads where the running one is). */
  withoutDatabase?: true;
};

const str = (o: Options, name: string) => (typeof o[name] === "string" ? (o[name] as string) : undefined);

function required(o: Options, name: string): string {
  const value = str(o, name);
  if (value === undefined) throw new UsageError(`Missing --${name}.`);
  return value;
}

function wholeNumber(value: string, name: string): bigint {
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number (got "${value}").`);
  return BigInt(value);
}

class UsageError extends Error {}

const COMMANDS: Record<string, Command> = {
  "merchant:create": {
    usage: "--name NAME --email EMAIL --password PASSWORD",
    options: { name: { type: "string" }, email: { type: "string" }, password: { type: "string" } },
    async run(o) {
      const created = await createMerchantAccount({ name: required(o, "name"), email: required(o, "email"), password: required(o, "password") });
      console.log(`Created merchant ${created.merchantId} with owner ${created.email} (${created.userId}).`);
    },
  },
  "user:add": {
    usage: "--merchant-email EMAIL --email EMAIL2 --password PASSWORD --role owner|admin|finance",
    options: { "merchant-email": { type: "string" }, email: { type: "string" }, password: { type: "string" }, role: { type: "string" } },
    async run(o) {
      const user = await addUser({
        merchantEmail: required(o, "merchant-email"),
        email: required(o, "email"),
        password: required(o, "password"),
        role: required(o, "role") as "owner",
      });
      console.log(`Added ${user.email} as ${user.role} of merchant ${user.merchantId} (${user.userId}).`);
    },
  },
  "apikey:create": {
    usage: "--email EMAIL [--read-only] [--name NAME]",
    options: { email: { type: "string" }, "read-only": { type: "boolean" }, name: { type: "string" } },
    async run(o) {
      const merchant = await merchantOfUser(required(o, "email"));
      const key = await createApiKey({ merchantId: merchant.id, name: str(o, "name") ?? "CLI key", scope: o["read-only"] ? "read_only" : "full" });
      console.log(`Created ${key.scope === "full" ? "a full-access" : "a read-only"} API key ${key.id} for ${merchant.name}.`);
      console.log("Copy it now; it is shown only once:");
      console.log(key.key);
    },
  },
  "balance:credit": {
    usage: "--email EMAIL --sats N --note TEXT   (a ledger adjustment; negative N removes funds)",
    options: { email: { type: "string" }, sats: { type: "string" }, note: { type: "string" } },
    async run(o) {
      const merchant = await merchantOfUser(required(o, "email"));
      const after = await adjustBalance({ merchantId: merchant.id, sats: wholeNumber(required(o, "sats"), "sats"), note: required(o, "note") });
      console.log(`${merchant.name}: available ${formatMsatAsSats(after.availableMsat)} sats, reserved ${formatMsatAsSats(after.reservedMsat)} sats.`);
    },
  },
  "withdraw:create": {
    usage: "--email EMAIL --amount A --currency SATS|BTC|USD|EUR [--min-amount M] [--ttl SECONDS] [--descriptor TEXT]",
    options: {
      email: { type: "string" },
      amount: { type: "string" },
      "min-amount": { type: "string" },
      currency: { type: "string" },
      ttl: { type: "string" },
      descriptor: { type: "string" },
    },
    async run(o) {
      const merchant = await merchantOfUser(required(o, "email"));
      const ttl = str(o, "ttl");
      const withdraw = serializeWithdraw(
        await createWithdraw(merchant.id, {
          amount: required(o, "amount"),
          currency: required(o, "currency").toUpperCase(),
          ...(str(o, "min-amount") !== undefined ? { min_amount: str(o, "min-amount") } : {}),
          ...(ttl !== undefined ? { ttl: Number(wholeNumber(ttl, "ttl")) } : {}),
          ...(str(o, "descriptor") ? { statement_descriptor: str(o, "descriptor") } : {}),
        }),
        // The CLI runs on the server with the operator's own access to the database and LNURL_SECRET_KEY: it
        // acts as the merchant's owner, for the merchant it just created the withdraw for.
        linkAccessFor({ merchantId: merchant.id, principal: "owner" }),
      );
      const range = withdraw.min_target_amount === null ? "" : `up to `;
      const least = withdraw.min_target_amount === null ? "" : ` (minimum ${withdraw.min_target_amount})`;
      console.log(`Created ${withdraw.id}: ${range}${withdraw.target_amount} sats${least}, expires ${new Date(withdraw.expires_at).toISOString()}.`);
      console.log(withdraw.withdraw_methods_options.lnurl.withdraw_request);
    },
  },
  "deposit:create": {
    usage: "--email EMAIL --sats N   (an invoice of the node that credits the balance once paid)",
    options: { email: { type: "string" }, sats: { type: "string" } },
    async run(o) {
      const merchant = await merchantOfUser(required(o, "email"));
      const deposit = await createDeposit({ merchantId: merchant.id, sats: wholeNumber(required(o, "sats"), "sats") });
      console.log(`Created deposit ${deposit.id} of ${formatMsatAsSats(deposit.amountMsat)} sats for ${merchant.name}; pay this invoice:`);
      console.log(deposit.invoice);
    },
  },
  "sim:pay": {
    usage: "--invoice BOLT11 [--sats N]   (pay from the simulator's demo customer wallet)",
    options: { invoice: { type: "string" }, sats: { type: "string" } },
    async run(o) {
      const sats = str(o, "sats");
      const outcome = await payFromDemoWallet(required(o, "invoice"), sats === undefined ? undefined : satsToMsat(wholeNumber(sats, "sats")));
      if (outcome.status !== "succeeded") throw new AppError("lightning_unavailable", outcome.status === "failed" ? outcome.reason : "The payment is still in flight.");
      console.log(`Paid${outcome.preimage ? `; preimage ${outcome.preimage}` : ""}.`);
    },
  },
  "db:url": {
    usage: "  (the database's connection URL with its credentials, for pg_dump or psql; it is a secret)",
    options: {},
    withoutDatabase: true,
    async run() {
      const config = env();
      if (config.databaseUrl) {
        console.log(config.databaseUrl);
        return;
      }
      // The embedded server answers only while Sluice runs; the URL carries the generated password.
      const running = findRunningEmbeddedDatabase(config.dataDir);
      if (!running) {
        throw new AppError(
          "database_unavailable",
          `No Sluice is running on ${config.dataDir}: start it with \`npm start\` first (the embedded database answers only while Sluice runs).`,
        );
      }
      console.log(running.url);
    },
  },
  "sim:mode": {
    usage: "--mode normal|fail|hang|slow [--delay-ms N]   (the simulated Lightning node's behaviour)",
    options: { mode: { type: "string" }, "delay-ms": { type: "string" } },
    async run(o) {
      const delay = str(o, "delay-ms");
      const mode = await setSimulatorMode({
        mode: required(o, "mode") as "normal",
        ...(delay !== undefined ? { delayMs: Number(wholeNumber(delay, "delay-ms")) } : {}),
      });
      console.log(`Simulator mode: ${mode.mode}${mode.mode === "slow" ? ` (${mode.delayMs} ms)` : ""}.`);
    },
  },
};

function help(): string {
  return ["Usage: npm run sluice -- <command> [options]", "", ...Object.entries(COMMANDS).map(([name, c]) => `  ${name} ${c.usage}`)].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help") {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  let options: Options;
  try {
    options = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false }).values as Options;
  } catch (error) {
    console.error(`${(error as Error).message}\nUsage: npm run sluice -- ${name} ${command.usage}`);
    return 2;
  }
  try {
    await (command.withoutDatabase ? command.run(options) : withDatabase(() => command.run(options)));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\nUsage: npm run sluice -- ${name} ${command.usage}`);
      return 2;
    }
    if (error instanceof ValidationError) {
      console.error(`Error: ${Object.entries(error.fields).map(([field, message]) => (field === "_" ? message : `${field}: ${message}`)).join("\n       ")}`);
      return 1;
    }
    if (isAppError(error)) {
      console.error(`Error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    fail(error);
    process.exit(1);
  },
);
