// Why pos-ingestion refuses a POS transaction beyond its schema. Each reason has a stable code
// (the POS developer's key for handling it) and a message naming the field, so the same
// rejection reads the same in an HTTP answer and in a dead letter.

export type IntakeRuleCode =
  | 'INTAKE.EVENT_TIME_IN_FUTURE'
  | 'INTAKE.EVENT_TIME_TOO_OLD'
  | 'INTAKE.MOVEMENT_ID_TOO_LONG'
  | 'INTAKE.STORE_MISMATCH'
  | 'INTAKE.TERMINAL_MISMATCH'
  | 'INTAKE.VOID_OF_VOID'
  | 'INTAKE.VOID_STORE_MISMATCH';

/** One broken rule: the code, the field to blame and a sentence starting with that field. */
export interface IntakeViolation {
  readonly code: IntakeRuleCode;
  readonly path: string;
  readonly message: string;
}

export function violation(code: IntakeRuleCode, path: string, reason: string): IntakeViolation {
  return { code, path, message: `${path} ${reason}` };
}

/** Thrown when a caller skips the rule checks and asks for something the rules forbid. */
export class IntakeRuleError extends Error {
  override readonly name = 'IntakeRuleError';
  readonly code: IntakeRuleCode;
  readonly path: string;

  constructor(broken: IntakeViolation) {
    super(`${broken.code}: ${broken.message}`);
    this.code = broken.code;
    this.path = broken.path;
  }
}
