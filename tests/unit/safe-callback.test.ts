import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/web/safe-callback";

describe("safeCallbackPath", () => {
  it.each([
    [undefined, "/"],
    ["", "/"],
    ["/", "/"],
    ["/withdraws?status=paid", "/withdraws?status=paid"],
    [["/a", "/b"], "/a"],
    ["https://evil.example/phish", "/"],
    ["//evil.example/phish", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
  ])("turns %j into %j", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });
});
