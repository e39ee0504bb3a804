import { describe, expect, it } from 'vitest';
import { doneSoFarText, timeLeftText } from './operation-text';

describe('the operation bar’s progress words', () => {
  it('never says "about 0 ms left": finishing once all is in, under a second before', () => {
    expect(timeLeftText({ done: 3, total: 3, etaMs: 0 })).toBe('finishing');
    expect(timeLeftText({ done: 2, total: 3, etaMs: 8 })).toBe('under a second left');
    expect(timeLeftText({ done: 1, total: 3, etaMs: 4200 })).toBe('about 4.2 s left');
    expect(timeLeftText({ done: 0, total: null, etaMs: null })).toBe('estimating…');
  });

  it('gives the share done and the operation’s own time so far', () => {
    expect(doneSoFarText(2 / 3, 1234)).toBe('67% · 1.2 s so far');
    expect(doneSoFarText(0, -5)).toBe('0% · 0 ms so far');
  });
});
