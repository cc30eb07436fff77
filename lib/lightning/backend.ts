import { readFileSync } from "node:fs";
import { ConfigError, env, type Env } from "../env";
import { clnBackend } from "./cln";
import { recordingErrors } from "./last-error";
import { lnbitsBackend } from "./lnbits";
import { lndBackend } from "./lnd";
import { nwcBackend } from "./nwc";
import { phoenixdBackend } from "./phoenixd";
import { simulatorBackend } from "./simulator";
import type { LightningBackend } from "./types";

let backend: LightningBackend | undefined;

/** The configured Lightning backend (LIGHTNING_BACKEND), created on first use. */
export function lightning(): LightningBackend {
  backend ??= recordingErrors(buildBackend(env()));
  return backend;
}

/** Tests: run the engine over another backend (a real adapter against a fake node); undefined restores the configured one. */
export function useLightningBackend(replacement: LightningBackend | undefined): void {
  backend = replacement;
}

export function readConfiguredFile(variable: string, file: string, encoding: "utf8" | "hex" = "utf8"): string {
  try {
    return readFileSync(file).toString(encoding);
  } catch (error) {
    throw new ConfigError(variable, `names a file that cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function buildBackend(config: Env): LightningBackend {
  const { network, connection } = config.lightning;
  switch (connection.kind) {
    case "simulator":
      return simulatorBackend(network);
    case "nwc":
      return nwcBackend({ connection: connection.connection, network });
    case "phoenixd":
      return phoenixdBackend({ url: connection.url, password: connection.password, network });
    case "lnbits":
      return lnbitsBackend({ url: connection.url, adminKey: connection.adminKey, invoiceKey: connection.invoiceKey, network });
    case "cln":
      return clnBackend({
        url: connection.url,
        rune: connection.rune,
        tlsCertPem: connection.tlsCertPath ? readConfiguredFile("CLN_TLS_CERT_PATH", connection.tlsCertPath) : undefined,
        network,
      });
    case "lnd":
      return lndBackend({
        url: connection.url,
        // LND_MACAROON_HEX wins over LND_MACAROON_PATH (the binary admin.macaroon or a baked one).
        macaroonHex: connection.macaroonHex ?? readConfiguredFile("LND_MACAROON_PATH", connection.macaroonPath!, "hex"),
        tlsCertPem: connection.tlsCertPath ? readConfiguredFile("LND_TLS_CERT_PATH", connection.tlsCertPath) : undefined,
        network,
      });
  }
}
