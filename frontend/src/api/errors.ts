import { strings } from '../i18n';

/** The error codes the Go services use (see app/apperr). */
export const errorCodes = [
  'not_found',
  'forbidden',
  'invalid_input',
  'conflict',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** One refused field of a form, as keys (apperr.FieldError): the form renders its own words. */
export interface FieldError {
  field: string;
  reason: string;
}

/** An error from the Go side, with a message fit to show to the user. */
export class AppError extends Error {
  readonly code: ErrorCode;
  /** Every field a form must correct; empty when the error is not about fields. */
  readonly fields: FieldError[];

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; fields?: FieldError[] }) {
    super(message || strings.errors.generic, options);
    this.name = 'AppError';
    this.code = code;
    this.fields = options?.fields ?? [];
  }
}

function fieldsOf(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (f): f is FieldError => Boolean(f) && typeof f.field === 'string' && typeof f.reason === 'string',
  );
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

function fromObject(value: Record<string, unknown>, cause: unknown): AppError {
  const message = typeof value.message === 'string' ? value.message.trim() : '';
  const code = isErrorCode(value.code) ? value.code : 'internal';
  return new AppError(code, message, { cause, fields: fieldsOf(value.fields) });
}

function fromString(text: string): AppError {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed && typeof parsed === 'object') {
        return fromObject(parsed as Record<string, unknown>, text);
      }
    } catch {
      // Not JSON: the string is the message.
    }
  }
  return new AppError('internal', trimmed);
}

/**
 * Wails v2.15 rejects a failed call with `new Error(formattedError)`: Go's
 * {code, message} arrives only if it was formatted as a JSON string (an object
 * becomes "[object Object]", which is never shown to the person).
 */
function fromError(error: Error): AppError {
  const text = error.message.trim();
  if (text.startsWith('{')) {
    const parsed = fromString(text);
    parsed.cause ??= error;
    return parsed;
  }
  if (text === '[object Object]') return new AppError('internal', strings.errors.generic, { cause: error });
  return new AppError('internal', error.message, { cause: error });
}

/** Turns whatever a rejected binding call produced into an AppError. */
export function toAppError(reason: unknown): AppError {
  if (reason instanceof AppError) return reason;
  if (typeof reason === 'string') return fromString(reason);
  if (reason instanceof Error) return fromError(reason);
  if (reason && typeof reason === 'object') {
    return fromObject(reason as Record<string, unknown>, reason);
  }
  return new AppError('internal', strings.errors.generic, { cause: reason });
}

/**
 * Awaits a binding call and rethrows any failure as an AppError. Accepts the
 * call itself so that a synchronous throw (no Wails bridge) is converted too.
 */
export async function call<T>(request: Promise<T> | (() => Promise<T>)): Promise<T> {
  try {
    return await (typeof request === 'function' ? request() : request);
  } catch (reason) {
    throw toAppError(reason);
  }
}
