import { type FieldError, ValidationError } from './errors';

/**
 * Small checks shared by the deciders. Each `check*` returns an error message or `undefined`,
 * so a decider can collect every problem of a command and report them together, named by the
 * field as the HTTP body spells it.
 */
export class FieldErrors {
  private readonly errors: FieldError[] = [];

  add(field: string, message: string | undefined): this {
    if (message !== undefined) this.errors.push({ field, message });
    return this;
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new ValidationError([...this.errors]);
  }
}

export function checkText(
  value: unknown,
  { max, allowEmpty = false }: { max: number; allowEmpty?: boolean },
): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  const trimmed = value.trim();
  if (!allowEmpty && trimmed.length === 0) return 'must not be empty';
  // Characters are code points, as JSON Schema and the DTO validators count them: an emoji is one.
  if (codePoints(trimmed) > max) return `must be at most ${max} characters`;
  return undefined;
}

/** Optional text may be absent or blank (blank is then dropped, see `trimOptional`). */
export function checkOptionalText(value: unknown, max: number): string | undefined {
  return value === undefined ? undefined : checkText(value, { max, allowEmpty: true });
}

export function checkInteger(value: unknown, min: number, max: number): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be an integer';
  if (value < min || value > max) return `must be between ${min} and ${max}`;
  return undefined;
}

/** Time arrives in commands as ISO 8601; the domain compares instants, never reads a clock. */
export function checkTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    return 'must be an ISO 8601 timestamp';
  }
  return undefined;
}

/** Trims optional text; an absent or blank value stays absent so events carry no empty noise. */
export function trimOptional(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Length in code points (what users and JSON Schema call characters), not UTF-16 units. */
export function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
