import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Open } from '../../wailsjs/go/desktop/Links';
import { openExternal } from './runtime';

vi.mock('../../wailsjs/go/desktop/Links', () => ({ Open: vi.fn() }));

describe('openExternal', () => {
  beforeEach(() => {
    (window as { go?: unknown }).go = {};
    vi.mocked(Open).mockReset();
  });
  afterEach(() => {
    delete (window as { go?: unknown }).go;
  });

  it('asks Go to open the link (never the webview runtime directly)', async () => {
    vi.mocked(Open).mockResolvedValue();
    await openExternal('https://acme.example/privacy');
    expect(Open).toHaveBeenCalledWith('https://acme.example/privacy');
  });

  it('rejects with the typed error Go gives for a refused link', async () => {
    vi.mocked(Open).mockRejectedValue('{"code":"invalid_input","message":"Marketdesk refused to use \\"file:///etc/passwd\\""}');
    await expect(openExternal('file:///etc/passwd')).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('says links open only in the Marketdesk window outside Wails', async () => {
    delete (window as { go?: unknown }).go;
    await expect(openExternal('https://acme.example/')).rejects.toMatchObject({ code: 'unavailable' });
    expect(Open).not.toHaveBeenCalled();
  });
});
