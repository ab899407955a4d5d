import { describe, expect, it } from 'vitest';
import { AppError, call, toAppError } from './errors';
import { strings } from '../i18n';

describe('toAppError', () => {
  it('keeps the code and message of a Go error object', () => {
    const error = toAppError({ code: 'forbidden', message: 'Only managers can pre-approve apps.' });
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('Only managers can pre-approve apps.');
  });

  it('treats an unknown code as internal', () => {
    expect(toAppError({ code: 'teapot', message: 'short and stout' }).code).toBe('internal');
  });

  it('uses a plain string as the message', () => {
    const error = toAppError('database is locked');
    expect(error.code).toBe('internal');
    expect(error.message).toBe('database is locked');
  });

  it('parses a string that carries a JSON error object', () => {
    const error = toAppError('{"code":"not_found","message":"No such listing."}');
    expect(error.code).toBe('not_found');
    expect(error.message).toBe('No such listing.');
  });

  it('wraps an Error, keeping it as the cause', () => {
    const cause = new TypeError('boom');
    const error = toAppError(cause);
    expect(error.code).toBe('internal');
    expect(error.message).toBe('boom');
    expect(error.cause).toBe(cause);
  });

  it('reads the code and message of an Error whose message is a JSON error (how Wails v2.15 rejects)', () => {
    const error = toAppError(new Error('{"code":"conflict","message":"this request was already approved"}'));
    expect(error.code).toBe('conflict');
    expect(error.message).toBe('this request was already approved');
  });

  it('keeps the refused fields of a form, dropping malformed ones', () => {
    const payload = { code: 'invalid_input', message: 'a name is required', fields: [{ field: 'name', reason: 'required' }, { field: 3 }] };
    const error = toAppError(new Error(JSON.stringify(payload)));
    expect(error.code).toBe('invalid_input');
    expect(error.fields).toEqual([{ field: 'name', reason: 'required' }]);
    expect(toAppError('plain').fields).toEqual([]);
  });

  it('never shows "[object Object]"', () => {
    const error = toAppError(new Error(String({ code: 'forbidden' })));
    expect(error.message).toBe(strings.errors.generic);
  });

  it('returns an AppError unchanged', () => {
    const original = new AppError('conflict', 'Already installed.');
    expect(toAppError(original)).toBe(original);
  });

  it.each([undefined, null, 42, '', {}, { code: 'unavailable' }])('falls back to a readable message for %j', (reason) => {
    const error = toAppError(reason);
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toBe(strings.errors.generic);
  });
});

describe('call', () => {
  it('passes a result through', async () => {
    await expect(call(Promise.resolve(7))).resolves.toBe(7);
  });

  it('converts a rejection', async () => {
    await expect(call(Promise.reject({ code: 'unavailable', message: 'Keychain is locked.' }))).rejects.toMatchObject({
      code: 'unavailable',
      message: 'Keychain is locked.',
    });
  });

  it('converts a synchronous throw from the request function', async () => {
    const rejected = call(() => {
      throw 'bridge gone';
    });
    await expect(rejected).rejects.toBeInstanceOf(AppError);
    await expect(rejected).rejects.toMatchObject({ message: 'bridge gone' });
  });
});
