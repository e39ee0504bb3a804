import { describe, expect, it } from 'vitest';
import { channels, events } from './contract';
import { CHANNEL_NAMES, EVENT_NAMES } from './names';

describe('IPC contract', () => {
  it('lists the same channels and events for the preload as the contract declares', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(channels).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });
});
