import { getBatch } from "@/lib/batches/get-batch";
import { serializeBatch } from "@/lib/batches/serialize-batch";
import { apiRoute, json } from "@/lib/web/api";

export const GET = apiRoute<{ id: string }>({ write: false }, async ({ caller, params }) => json(serializeBatch(await getBatch(caller.merchantId, params.id))));
