/**
 * The shared corpus of real ASL definitions (../shared/asl-corpus beside the repository), located
 * from the repository root so that CI, which clones the repository elsewhere, finds it too.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const corpusDirectory = resolve(repositoryRoot, "../shared/asl-corpus");
export const corpusAvailable = existsSync(join(corpusDirectory, "manifest.json"));

export interface ManifestEntry {
  file: string;
  source: string;
  origin: string;
  parses: boolean;
  group: string;
  note?: string;
}

export function readManifest(): ManifestEntry[] {
  return JSON.parse(readFileSync(join(corpusDirectory, "manifest.json"), "utf8")) as ManifestEntry[];
}

export function readCorpusFile(file: string): string {
  return readFileSync(join(corpusDirectory, file), "utf8");
}

/**
 * Corpus files that are genuinely broken upstream, with the ERROR diagnostics they must get (and no
 * other). Both compare strings with an unquoted word inside a JSONPath filter (`@.Code==es`): Jayway
 * JsonPath, which Step Functions uses, reads a bare word as a number and fails to compile the path.
 */
export const BROKEN_UPSTREAM: Record<string, string[]> = {
  "derived__parallel-translate__statemachine__statemachine.asl.yaml.json": [
    "INVALID_JSONPATH /States/Parse to Put Obj/Parameters/toFrench.$",
    "INVALID_JSONPATH /States/Parse to Put Obj/Parameters/toJapanese.$",
    "INVALID_JSONPATH /States/Parse to Put Obj/Parameters/toSpanish.$",
  ],
  "textract-analyze-expense-tf__statemachine__statemachine.asl.json": [
    "INVALID_JSONPATH /States/AnalyzeExpense/ResultSelector/amountPaid.$",
    "INVALID_JSONPATH /States/AnalyzeExpense/ResultSelector/invoiceDate.$",
    "INVALID_JSONPATH /States/AnalyzeExpense/ResultSelector/vendorName.$",
    "INVALID_JSONPATH /States/DetectLabels/ResultSelector/receipt.$",
  ],
};
