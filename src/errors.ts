/** Errors regshift raises: a stable `code` for programs, a `hint` that tells a person what to do next. */
export class RegshiftError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegshiftError';
    this.code = code;
    this.hint = options.hint;
  }
}

export function isRegshiftError(value: unknown): value is RegshiftError {
  return value instanceof RegshiftError;
}
