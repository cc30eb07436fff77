// Streams an export as it is read: a pull-driven ReadableStream that hands the client one keyset batch at a
// time and reads the following batch from the database while this one is being encoded and sent (one batch
// ahead, never more), so memory holds about two batches whatever the size, the database and the encoder
// work at the same time, and the header row leaves at once. The audit record is finished with the number of
// rows actually sent.
import { csvLines, UTF8_BOM, type Cell } from "./csv";
import { finishExportRecord } from "./export-audit";
import type { ExportFormat } from "./filters";

export type Batch<C> = { rows: Cell[][]; next: C | null };
export type BatchReader<C> = (after: C | null) => Promise<Batch<C>>;

export const EXPORT_BATCH_SIZE = 5000;

function jsonValue(cell: Cell): unknown {
  // Amounts travel as strings of digits in JSON, so no reader's doubles can round them.
  return typeof cell === "bigint" ? cell.toString() : cell;
}

function jsonLines(columns: readonly string[], rows: Cell[][]): string {
  let out = "";
  for (const row of rows) {
    const record: Record<string, unknown> = {};
    columns.forEach((name, i) => (record[name] = jsonValue(row[i])));
    out += `${JSON.stringify(record)}\n`;
  }
  return out;
}

export function exportStream<C>(options: {
  columns: readonly string[];
  format: ExportFormat;
  bom?: boolean;
  read: BatchReader<C>;
  recordId: string;
}): ReadableStream<Uint8Array> {
  const { columns, format, read, recordId } = options;
  const encoder = new TextEncoder();
  const encode = (rows: Cell[][]) => encoder.encode(format === "csv" ? csvLines(rows) : jsonLines(columns, rows));
  // The batch being read ahead. A read-ahead that fails is reported when its turn comes, not before.
  let ahead: Promise<Batch<C>> | null = null;
  const readAhead = (cursor: C | null) => {
    ahead = read(cursor);
    ahead.catch(() => undefined);
  };
  let sent = 0;
  let finished = false;
  const finish = async (status: "completed" | "failed") => {
    if (finished) return;
    finished = true;
    await finishExportRecord(recordId, status, sent);
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (format === "csv") controller.enqueue(encoder.encode((options.bom ? UTF8_BOM : "") + csvLines([[...columns]])));
        readAhead(null);
      },
      async pull(controller) {
        try {
          const batch = await ahead!;
          ahead = null;
          if (batch.next !== null) readAhead(batch.next);
          if (batch.rows.length > 0) controller.enqueue(encode(batch.rows));
          sent += batch.rows.length;
          if (batch.next === null) {
            await finish("completed");
            controller.close();
          }
        } catch (error) {
          console.error(`[export] ${recordId} failed after ${sent} rows:`, error instanceof Error ? error.message : error);
          await finish("failed").catch(() => undefined);
          controller.error(new Error("The export failed part way; the file is incomplete."));
        }
      },
      // The client went away before the end.
      async cancel() {
        await finish("failed").catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
