import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// By its name, an identifier that holds an amount and not a time: amountMsat, sats, feeLimitMsat,
// BENCH_AMOUNT_MSAT; not timeoutMs, ttlSeconds, expiresAt, feeRefreshMs. tests/unit/money-lint.test.ts runs
// the rule on leaks and on times.
const AMOUNT_NAME = "/^(?!.*(?:(?:ms|Ms|MS)(?![A-Za-z])|second|Second|SECOND|timeout|Timeout|TIMEOUT|ttl|Ttl|TTL|date|Date|DATE|time|Time|TIME)).*(?:msat|Msat|MSAT|sat|Sat|SAT|amount|Amount|AMOUNT|fee|Fee|FEE|balance|Balance|BALANCE)/";
const TIMES_1000 = "[operator=/^[*\\/%]$/]";
const MONEY_MESSAGE = "Amounts are converted only by the named functions of lib/money.ts (satsToMsat, msatToSats, msatToSatsCeil, formatMsatAsSats, displaySats, msatToSatsNumber, …), never by arithmetic with 1000 or a float.";
const MONEY_ARITHMETIC = [
  { selector: `BinaryExpression${TIMES_1000}:has(> Literal[bigint="1000"])`, message: MONEY_MESSAGE },
  {
    selector: `BinaryExpression${TIMES_1000}:has(> Literal[value=1000]:not([bigint])):has(Identifier[name=${AMOUNT_NAME}])`,
    message: MONEY_MESSAGE,
  },
  {
    selector: `CallExpression[callee.name=/^(?:Number|parseFloat|parseInt)$/]:has(Identifier[name=${AMOUNT_NAME}])`,
    message: MONEY_MESSAGE,
  },
];



const eslintConfig = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".next-bench/**", "node_modules/**", "lib/generated/**", "next-env.d.ts", ".data/**", "artifacts/**", "test-results/**"],
  },
  {
    // The domain layer never knows the framework; lib/web is the one place that does.
    files: ["lib/**/*.ts"],
    ignores: ["lib/web/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/*", "next-auth", "next-auth/*"], message: "lib/ outside lib/web must not import Next.js or next-auth." },
          ],
        },
      ],
    },
  },
  {
    // Money is bigint millisatoshis, and every conversion or format between msat and sats is a named function
    // of lib/money.ts: nothing else multiplies or divides an amount by 1000 or turns one into a float. A
    // 1000n in arithmetic is always money (times are numbers); a plain 1000 counts when the expression names
    // an amount (msat, sats, amount, fee, balance) and no time (ms, seconds, timeout, ttl, date, time).
    files: ["lib/**/*.{ts,tsx}", "app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "scripts/**/*.{ts,mts,mjs}", "*.ts"],
    ignores: ["lib/money.ts"],
    rules: { "no-restricted-syntax": ["error", ...MONEY_ARITHMETIC] },
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default eslintConfig;
