import { describe, expect, it } from 'vitest';
import { ApiError } from '../api';
import { plainError } from './user-error';

describe('errors shown to a person', () => {
  it('never puts a validator report in the sentence: it goes under it with the code', () => {
    const shown = plainError(
      new ApiError(
        'ipc.badArguments',
        'Invalid arguments for workspace:put: 0.tabs.0.spec.query.0.name: Too small: expected string to have >=1 characters',
      ),
      'The open tabs were not saved',
    );
    expect(shown.message).toBe(
      'The open tabs were not saved: Trestle could not accept what this screen sent (a value it does not expect). Nothing was changed.',
    );
    expect(shown.message).not.toMatch(/expected string|tabs\.0/);
    expect(shown.detail).toMatch(/^ipc\.badArguments — Invalid arguments/);
  });

  it('keeps the engine’s plain sentence and shows its code only as the detail', () => {
    const shown = plainError(new ApiError('session.none', 'Sign in to “Sandbox” first.'));
    expect(shown).toEqual({ message: 'Sign in to “Sandbox” first.', detail: 'session.none' });
    expect(plainError(new Error('boom'))).toEqual({ message: 'boom', detail: null });
  });
});
