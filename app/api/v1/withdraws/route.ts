import { createWithdraw } from "@/lib/withdraws/create-withdraw";
import { serializeWithdraw } from "@/lib/withdraws/serialize-withdraw";
import { apiRoute, json, readJson } from "@/lib/web/api";

export const POST = apiRoute({ write: true }, async ({ request, caller }) => {
  const withdraw = await createWithdraw(caller.merchantId, await readJson(request));
  return json(serializeWithdraw(withdraw), 201);
});
