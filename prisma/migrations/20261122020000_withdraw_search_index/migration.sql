-- Descriptor search on the withdraws list matches the start of the descriptor, case-insensitively: this
-- index answers it for one merchant at any table size (written by hand: the Prisma schema cannot express
-- an expression index with an operator class).
CREATE INDEX "withdraws_merchant_descriptor_prefix_idx"
  ON "withdraws" ("merchant_id", lower("statement_descriptor") text_pattern_ops);
