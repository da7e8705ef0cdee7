/**
 * Typed business-rule errors. Each carries a stable code; the HTTP layer maps codes to statuses
 * in exactly one place, so the domain never knows about transport.
 */
export type DomainErrorCode =
  | 'validation'
  | 'unusable-reference'
  | 'not-permitted'
  | 'illegal-state'
  | 'not-found'
  | 'conflict'
  | 'concurrency';

export type FieldError = { field: string; message: string };

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The command is malformed: the request can be fixed by the caller. */
export class ValidationError extends DomainError {
  readonly code = 'validation';
  constructor(readonly errors: FieldError[]) {
    super(describe(errors));
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

/**
 * The command is well-formed but refers to something it cannot use: a product that is unknown or
 * discontinued, an address the customer does not have. Each field names one such reference.
 */
export class UnusableReferenceError extends DomainError {
  readonly code = 'unusable-reference';
  constructor(readonly errors: FieldError[]) {
    super(describe(errors));
  }
}

/** The actor may see the aggregate, but this command is not theirs to send. */
export class NotPermittedError extends DomainError {
  readonly code = 'not-permitted';
}

/** The command is well-formed but not allowed in the aggregate's current state. */
export class IllegalStateError extends DomainError {
  readonly code = 'illegal-state';
}

/** The command refers to something that does not exist (inside the aggregate). */
export class NotFoundError extends DomainError {
  readonly code = 'not-found';
}

/** A uniqueness rule is violated: the key is held by someone else. */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

/** Optimistic concurrency: the stream moved on since it was read. */
export class ConcurrencyError extends DomainError {
  readonly code = 'concurrency';
  constructor(
    readonly streamName: string,
    readonly expected: string,
    readonly actual: bigint | 'no-stream',
  ) {
    super(`stream ${streamName}: expected revision ${expected}, actual ${String(actual)}`);
  }
}

function describe(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}
