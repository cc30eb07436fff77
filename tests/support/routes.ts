// Every Sluice route handler a test talks to over HTTP, with its App Router path.
import * as apiNotFound from "@/app/api/v1/[...path]/route";
import * as balance from "@/app/api/v1/balance/route";
import * as exportLedger from "@/app/api/v1/exports/ledger/route";
import * as exportStatement from "@/app/api/v1/exports/statement/route";
import * as exportWithdraws from "@/app/api/v1/exports/withdraws/route";
import * as health from "@/app/api/health/route";
import * as openapi from "@/app/api/v1/openapi.json/route";
import * as lnurlCallback from "@/app/api/lnurl/w/[secret]/callback/route";
import * as lnurlFirstStep from "@/app/api/lnurl/w/[secret]/route";
import * as lnurlAuth from "@/app/api/lnurl/auth/route";
import * as lnurlAuthStatus from "@/app/api/lnurl/auth/status/route";
import * as withdrawCancel from "@/app/api/v1/withdraws/[id]/cancel/route";
import * as withdraw from "@/app/api/v1/withdraws/[id]/route";
import * as withdraws from "@/app/api/v1/withdraws/route";
import * as lnurlScan from "@/app/api/v1/lnurlscan/[code]/route";
import * as lnurlAuthClient from "@/app/api/v1/lnurlauth/route";
import * as payout from "@/app/api/v1/payouts/[id]/route";
import * as payouts from "@/app/api/v1/payouts/route";
import * as deposit from "@/app/api/v1/deposits/[id]/route";
import * as deposits from "@/app/api/v1/deposits/route";
import * as withdrawBatch from "@/app/api/v1/withdraws/batch/route";
import * as withdrawBatchCsv from "@/app/api/v1/withdraws/batches/[id]/csv/route";
import * as withdrawBatchGet from "@/app/api/v1/withdraws/batches/[id]/route";
import type { Route } from "./serve-routes";

export const ROUTES: Route[] = [
  { pattern: "/api/health", module: health },
  { pattern: "/api/lnurl/w/[secret]", module: lnurlFirstStep },
  { pattern: "/api/lnurl/w/[secret]/callback", module: lnurlCallback },
  { pattern: "/api/lnurl/auth", module: lnurlAuth },
  { pattern: "/api/lnurl/auth/status", module: lnurlAuthStatus },
  { pattern: "/api/v1/withdraws", module: withdraws },
  // Static segments before the dynamic [id], as the App Router matches them.
  { pattern: "/api/v1/withdraws/batch", module: withdrawBatch },
  { pattern: "/api/v1/withdraws/batches/[id]", module: withdrawBatchGet },
  { pattern: "/api/v1/withdraws/batches/[id]/csv", module: withdrawBatchCsv },
  { pattern: "/api/v1/withdraws/[id]", module: withdraw },
  { pattern: "/api/v1/withdraws/[id]/cancel", module: withdrawCancel },
  { pattern: "/api/v1/balance", module: balance },
  { pattern: "/api/v1/exports/withdraws", module: exportWithdraws },
  { pattern: "/api/v1/exports/ledger", module: exportLedger },
  { pattern: "/api/v1/exports/statement", module: exportStatement },
  { pattern: "/api/v1/openapi.json", module: openapi },
  { pattern: "/api/v1/payouts", module: payouts },
  { pattern: "/api/v1/payouts/[id]", module: payout },
  { pattern: "/api/v1/deposits", module: deposits },
  { pattern: "/api/v1/deposits/[id]", module: deposit },
  { pattern: "/api/v1/lnurlscan/[code]", module: lnurlScan },
  { pattern: "/api/v1/lnurlauth", module: lnurlAuthClient },
  // Last: any other /api/v1 path.
  { pattern: "/api/v1/[...path]", module: apiNotFound },
];
