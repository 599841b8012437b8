// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

const barrel = {
  name: "@cdktf/provider-aws",
  message: "Import the resource module (e.g. @cdktf/provider-aws/lib/sfn-state-machine): the barrel makes synth ~6x slower.",
};
const cdktfOnlyInStacks = [
  { group: ["cdktf", "cdktf/*", "@cdktf/*", "constructs"], message: "cdktf belongs in stacks/ and main.ts only, so a move to cdktn stays mechanical." },
];

export default tseslint.config(
  { ignores: ["node_modules/", "build/", "cdktf.out/", "coverage/", "**/*.generated.*"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-imports": ["error", { paths: [barrel], patterns: cdktfOnlyInStacks }],
    },
  },
  {
    files: ["stacks/**/*.ts", "main.ts", "test/stacks/**/*.ts", "bench/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { paths: [barrel] }] },
  },
  {
    // The generic ASL library must not know about the checkout, the handlers, the stacks or AWS clients.
    files: ["asl/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [barrel],
          patterns: [
            ...cdktfOnlyInStacks,
            { group: ["**/workflows/**", "**/stacks/**", "**/handlers/**", "**/local/**", "@aws-sdk/*"], message: "asl/ is generic: it imports nothing of checkout, stacks, handlers, local mode or AWS SDK clients." },
          ],
        },
      ],
    },
  },
);
