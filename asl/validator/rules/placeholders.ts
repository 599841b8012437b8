/**
 * `${...}` in a definition is read by Terraform's templatefile (and SAM's DefinitionSubstitutions) as a
 * deploy-time substitution. Well-formed placeholders (`${LambdaArn}`, `${AWS::Partition}`,
 * `${var.table_name}`) are accepted everywhere. Any other `${` (an empty `${}` in a States.Format
 * template meant as "$" plus `{}`, a `${` inside a JSONata string, an unclosed `${`) is most likely a
 * literal dollar sign that Terraform would try to interpolate, and fail or substitute: warn.
 */
import { pointer, type Report } from "../diagnostic";
import { isRecord } from "../walk";

/** What a deploy-time placeholder looks like: a name, dotted or with `::` (SAM pseudo parameters). */
const WELL_FORMED = /^\$\{[A-Za-z_][A-Za-z0-9_.:-]*\}/;

function suspicious(text: string): boolean {
  for (let i = text.indexOf("${"); i !== -1; i = text.indexOf("${", i + 2)) {
    // `$${` is Terraform's escape for a literal `${`.
    if (i > 0 && text[i - 1] === "$") continue;
    if (!WELL_FORMED.test(text.slice(i))) return true;
  }
  return false;
}

function walk(value: unknown, path: (string | number)[], report: Report): void {
  if (typeof value === "string") {
    if (value.includes("${") && suspicious(value)) {
      report.warning("TERRAFORM_INTERPOLATION", pointer("", ...path), `${JSON.stringify(value)} contains a "\${" that Terraform templatefile would read as an interpolation: write "$\${" if the dollar sign is literal`);
    }
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], path, report);
      path.pop();
    }
    return;
  }
  if (!isRecord(value)) return;
  for (const key in value) {
    path.push(key);
    if (key.includes("${") && suspicious(key)) {
      report.warning("TERRAFORM_INTERPOLATION", pointer("", ...path), `field name ${JSON.stringify(key)} contains a "\${" that Terraform templatefile would read as an interpolation`);
    }
    walk(value[key], path, report);
    path.pop();
  }
}

/** Warns about every string (value or key) of the definition holding a `${` that is not a well-formed placeholder. */
export function checkPlaceholders(definition: unknown, report: Report): void {
  walk(definition, [], report);
}
