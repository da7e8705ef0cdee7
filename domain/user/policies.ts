import { isCountryCode } from './countries';
import { codePoints } from '../shared/validation';

/** Rules about a user's own values, exported so the write side can check them before hashing. */

export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;
export const PASSWORD_MIN_LENGTH = 8;
/** Long enough for passphrases, short enough that hashing cannot be used to burn CPU. */
export const PASSWORD_MAX_LENGTH = 256;
export const MAX_ADDRESSES = 20;

export const ADDRESS_LIMITS = {
  label: 50,
  line1: 200,
  line2: 200,
  city: 100,
  postalCode: 20,
} as const;

/** Emails are unique case-insensitively; this is the form the uniqueness claim is keyed by. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Deliberately loose: one @, no whitespace, a dot in the domain. Deliverability is proven by mail.
const EMAIL_FORMAT = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function checkEmail(email: unknown): string | undefined {
  if (typeof email !== 'string') return 'must be a string';
  const trimmed = email.trim();
  if (codePoints(trimmed) > EMAIL_MAX_LENGTH)
    return `must be at most ${EMAIL_MAX_LENGTH} characters`;
  if (!EMAIL_FORMAT.test(trimmed)) return 'must be an email address';
  return undefined;
}

/** At least 8 characters with a letter and a digit; returns the first rule broken, if any. */
export function checkPasswordPolicy(password: unknown): string | undefined {
  if (typeof password !== 'string') return 'must be a string';
  if (codePoints(password) < PASSWORD_MIN_LENGTH) {
    return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  }
  if (codePoints(password) > PASSWORD_MAX_LENGTH) {
    return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  }
  if (!/\p{L}/u.test(password)) return 'must contain at least one letter';
  if (!/\p{Nd}/u.test(password)) return 'must contain at least one digit';
  return undefined;
}

/** Country codes are compared upper-case, so `de` and `DE` name the same country. */
export function normaliseCountry(country: string): string {
  return country.trim().toUpperCase();
}

export function checkCountry(country: unknown): string | undefined {
  if (typeof country !== 'string') return 'must be a string';
  // ASCII letters only: toUpperCase() maps 'ß' to 'SS' and 'ſ' to 'S'.
  return /^[A-Za-z]{2}$/.test(country.trim()) && isCountryCode(normaliseCountry(country))
    ? undefined
    : 'must be an ISO 3166-1 alpha-2 country code';
}
