import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const eslintConfig = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".next-bench/**", "node_modules/**", "lib/generated/**", "next-env.d.ts", ".data/**", "artifacts/**", "test-results/**"],
  },
  {
    // The domain layer never knows the framework (STYLE.md); lib/web is the one place that does.
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
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default eslintConfig;
