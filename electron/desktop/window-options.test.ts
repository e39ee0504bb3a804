import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainWindowOptions } from './window-options';

describe('the main window', () => {
  it('carries Trestle’s icon and keeps the renderer isolated and sandboxed', () => {
    const options = mainWindowOptions('dist/electron/preload.cjs', 'dist/renderer/icon.png');
    expect(options.icon).toBe(path.resolve('dist/renderer/icon.png'));
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect('icon' in mainWindowOptions('preload.cjs')).toBe(false);
  });
});
