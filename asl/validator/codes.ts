/**
 * Every diagnostic code the validator emits. The first group are AWS's own codes
 * (ValidateStateMachineDefinition); the rest are ours, for rules AWS checks without a dedicated code
 * (AWS folds most of them into SCHEMA_VALIDATION_FAILED) or does not check at all.
 */
export const CODES = {
  // AWS's codes
  INVALID_JSON_DESCRIPTION: "The input is not valid JSON (or YAML).",
  MISSING_DESCRIPTION: "The definition is null, empty or not an object.",
  SCHEMA_VALIDATION_FAILED: "A field is missing, unknown, of the wrong type or out of its allowed range.",
  INVALID_RESOURCE: "A Task's (or ItemReader's, ResultWriter's) Resource is not an ARN.",
  MISSING_END_STATE: "No terminal state (Succeed, Fail or End: true) is reachable from StartAt.",
  DUPLICATE_STATE_NAME: "The same state name appears twice anywhere in the definition.",
  INVALID_STATE_NAME: "A state name is empty, longer than 80 characters or holds control characters.",
  INVALID_LABEL_NAME: "A Map Label is longer than 40 characters or holds forbidden characters.",
  DUPLICATE_LABEL_NAME: "Two Map states share a Label.",
  MISSING_TRANSITION_TARGET: "Next, Default, a Choice rule's or a Catcher's Next, or StartAt names no state of its scope.",
  NO_DOLLAR: "A payload field holds a path or intrinsic function but its name does not end in `.$`.",
  NO_PATH: "A field's value looks like a path, but the field is not the `...Path` variant.",
  PASS_RESULT_IS_STATIC: "A Pass state's Result uses a path, which Result never evaluates.",
  // Ours
  UNREACHABLE_STATE: "A state cannot be reached from its scope's StartAt.",
  MISSING_NEXT_OR_END: "A state that must transition has neither Next nor End, or has both.",
  INVALID_ERROR_EQUALS: "`States.ALL` is not alone or not in the last Retrier/Catcher (ERROR), or a `States.` error name is not predefined (WARNING).",
  MUTUALLY_EXCLUSIVE_FIELDS: "More than one (or, where one is required, none) of a field and its Path/alternative variant.",
  INVALID_JSONPATH: "A path or reference path is not valid JSONPath for Step Functions.",
  INVALID_INTRINSIC_FUNCTION: "An intrinsic function is unknown, has the wrong number of arguments, or does not parse.",
  INVALID_JSONATA: "A `{% ... %}` JSONata expression does not parse.",
  UNDEFINED_VARIABLE: "A variable is read before any state that can run earlier assigns it.",
  INVALID_VARIABLE_NAME: "An Assign key is not a valid variable name.",
  WRONG_QUERY_LANGUAGE_FIELD: "A field of the other query language (e.g. Parameters in a JSONata state).",
  INVALID_QUERY_LANGUAGE: "A state sets JSONPath inside a definition whose top-level QueryLanguage is JSONata.",
  INVALID_CHOICE_RULE: "A Choice rule is malformed: no or several comparisons, an empty And/Or, Next missing on a top-level rule or present inside And/Or/Not.",
  INVALID_FIELD_COMBINATION: "Fields AWS only accepts in a given mode or together: distributed-only Map fields, ExecutionType, CSV headers, HeartbeatSeconds ≥ TimeoutSeconds.",
  INVALID_PAYLOAD_TEMPLATE: "A `.$` field of a payload template holds something that is not a path or intrinsic function.",
  TERRAFORM_INTERPOLATION: "A literal `${` that Terraform templatefile would read as an interpolation.",
} as const;

export type Code = keyof typeof CODES;
