import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/web/safe-callback";

const ORIGIN = "https://sluice.example";

// What the sign-in forms may hand to window.location.assign: "/" or "/" and a character that is neither "/"
// nor "\" (either would make the browser read what follows as a host).
function expectSameOriginPath(result: string): void {
  expect(result === "/" || /^\/[^/\\]/.test(result), result).toBe(true);
  expect(new URL(result, ORIGIN).origin).toBe(ORIGIN);
}

describe("safeCallbackPath", () => {
  it.each([
    [undefined, "/"],
    ["", "/"],
    ["/", "/"],
    ["/withdraws?status=paid", "/withdraws?status=paid"],
    ["/withdraws/./batches/../batches", "/withdraws/batches"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%5Cevil.example", "/%5Cevil.example"],
    [["/a", "/b"], "/a"],
  ])("keeps the same-site path %j as %j", (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected);
  });

  it.each([
    "https://evil.example/phish",
    "HTTPS://evil.example",
    "//evil.example/phish",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "\\/evil.example",
    "/.//evil.example/x",
    "/./\\evil.example",
    "/..//evil.example",
    "/../..//evil.example",
    "/a/../..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "\u0000//evil.example",
    "/.\t//evil.example",
    "/\\\tevil.example",
    "javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,hi",
    "http:evil.example",
    "https:/evil.example",
    "http://sluice.example@evil.example",
  ])("never leaves the site for %j", (input) => {
    const result = safeCallbackPath(input);
    expectSameOriginPath(result);
    expect(result).not.toContain("evil.example/x");
    expect(result.startsWith("//")).toBe(false);
  });

  it("answers a same-site path for any input, and the same path again for its own answer", () => {
    const piece = fc.constantFrom("/", "\\", ".", "..", "%2F", "%2f", "%5C", "%2e", "%09", "\t", "\n", "\r", " ", "\u0000", "@", ":", "?", "#", "evil.example", "https:", "javascript:", "x");
    const hostile = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string({ unit: "binary" })), (input) => {
        const result = safeCallbackPath(input);
        expectSameOriginPath(result);
        expect(safeCallbackPath(result)).toBe(result);
      }),
      { numRuns: 5000 },
    );
  });
});
