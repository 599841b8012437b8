/**
 * Terraform reads `${...}` and `%{...}` in every string as interpolation and template directives. A
 * literal one (a `States.Format` template, a JSONata expression or an event pattern may hold one) must be
 * escaped as `$${` / `%%{`, while cdktf's own token markers
 * (`${TfToken[TOKEN.n]}`, which become `${aws_x.y.attr}`) must stay live.
 */
const LITERAL_INTERPOLATION = /\$\{(?!TfToken\[)/g;
const LITERAL_DIRECTIVE = /%\{/g;

export function escapeTerraformTemplate(text: string): string {
  return text.replace(LITERAL_INTERPOLATION, "$$${").replace(LITERAL_DIRECTIVE, "%%{");
}
