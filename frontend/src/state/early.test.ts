import { describe, expect, it, vi } from 'vitest';
import { startEarly, takeEarly } from './early';

describe('early start-up calls', () => {
  it('are all begun at once and each answer is taken once', async () => {
    const startup = vi.fn().mockResolvedValue('');
    const account = vi.fn().mockResolvedValue({ initialized: true });
    startEarly('startup', startup);
    startEarly('account', account);
    // Both asked before either gate has rendered, not one after the other.
    expect(startup).toHaveBeenCalledTimes(1);
    expect(account).toHaveBeenCalledTimes(1);
    expect(await takeEarly('account', account)).toEqual({ initialized: true });
    expect(account).toHaveBeenCalledTimes(1);
    await takeEarly('account', account); // taken already: asks Go again
    expect(account).toHaveBeenCalledTimes(2);
    await takeEarly('startup', startup);
    expect(startup).toHaveBeenCalledTimes(1);
  });

  it('hands a failure to the one who takes it', async () => {
    startEarly('home', () => {
      throw new Error('no bridge');
    });
    await expect(takeEarly('home', vi.fn())).rejects.toThrow('no bridge');
  });
});
