"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createBatch } from "@/lib/batches/create-batch";
import { decodeBatchFile } from "@/lib/batches/decode-batch-file";
import { isBatchRowsError } from "@/lib/batches/row-errors";
import type { BatchFormState } from "@/components/batches/batch-form-state";
import { actionFailure } from "@/lib/web/action-errors";
import { requirePermission } from "@/lib/web/session";

export async function uploadBatchAction(_state: BatchFormState, form: FormData): Promise<BatchFormState> {
  const file = form.get("file");
  let id: string;
  try {
    const account = await requirePermission("batches.create");
    if (!(file instanceof File) || (file.size === 0 && file.name === "")) return { status: "failed", message: "Choose a CSV file to upload." };
    const text = decodeBatchFile(new Uint8Array(await file.arrayBuffer()));
    const created = await createBatch(account.merchant.id, { userId: account.user.id, email: account.user.email }, { name: file.name.slice(0, 255) || null, text });
    id = created.batch.id;
  } catch (error) {
    const fileName = file instanceof File ? file.name : "";
    if (isBatchRowsError(error)) return { status: "invalid", message: error.message, errors: error.errors, fileName };
    return { status: "failed", message: actionFailure(error, "batch-upload").message, fileName };
  }
  revalidatePath("/withdraws");
  revalidatePath("/withdraws/batches");
  redirect(`/withdraws/batches/${id}`);
}
