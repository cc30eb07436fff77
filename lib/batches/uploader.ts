// Who uploaded a batch: a signed-in user or an API key. The label is kept as it was then, so the batch still
// reads right after the user or key is gone (as the export audit does).
import { db } from "../db";

export type BatchUploader = { userId: string; email: string } | { apiKeyId: string };

export async function uploaderLabel(merchantId: string, uploader: BatchUploader): Promise<string> {
  if ("userId" in uploader) return uploader.email;
  const key = await db().apiKey.findFirst({ where: { id: uploader.apiKeyId, merchantId }, select: { name: true, prefix: true } });
  return key ? `API key "${key.name}" (${key.prefix}…)` : "API key";
}
