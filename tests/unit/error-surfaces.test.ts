import { redirect } from "next/navigation";
import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors";
import { actionFailure, formError } from "@/lib/web/action-errors";
import { errorResponse } from "@/lib/web/api";

// A bug's message as lib/money.ts words it for the developer: never for the person who sent the request.
const INTERNAL_DETAIL = "Not a column name: secret_hash.";

describe("an internal_error's own message", () => {
  it("is not sent by the REST API, and is logged", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const res = errorResponse(new AppError("internal_error", INTERNAL_DETAIL));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { type: "api_error", code: "internal_error", message: "Something went wrong on our side. Try again later." } });
    expect(log.mock.calls.flat().map(String).join(" ")).toContain(INTERNAL_DETAIL);
    log.mockRestore();
  });

  it("is not shown by a server action or a form", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(actionFailure(new AppError("internal_error", INTERNAL_DETAIL), "test")).toEqual({ ok: false, message: "Something went wrong on our side. Try again." });
    expect(formError(new AppError("internal_error", INTERNAL_DETAIL), { amount: "1" })).toEqual({ status: "failed", message: "Something went wrong on our side. Try again.", values: { amount: "1" } });
    log.mockRestore();
  });
});

describe("a server action's answer to Next.js's own control flow", () => {
  it("lets a redirect to the sign-in page through instead of answering it as a failure", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    let signedOut: unknown;
    try {
      redirect("/signin");
    } catch (error) {
      signedOut = error;
    }
    expect(() => actionFailure(signedOut, "test")).toThrow(signedOut as Error);
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });
});
