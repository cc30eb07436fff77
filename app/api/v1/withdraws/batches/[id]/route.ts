import { getBatch } from "@/lib/batches/get-batch";
import { serializeBatch } from "@/lib/batches/serialize-batch";
import { apiRoute, json } from "@/lib/web/api";
import { otherMethods } from "@/lib/web/other-methods";

export const GET = apiRoute<{ id: string }>({ action: "batches.read" }, async ({ caller, params }) => json(serializeBatch(await getBatch(caller.merchantId, params.id), caller.linkAccess)));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
