import { headers } from "next/headers";
import { clientAddress } from "./client-address";

/** The client's address in a server action or server component (lib/web/client-address.ts explains which). */
export async function requestAddress(): Promise<string> {
  return clientAddress(await headers());
}
