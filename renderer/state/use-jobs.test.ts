import { describe, expect, it } from 'vitest';
import type { FollowedJob } from '../../shared/siteops/jobs';
import { endSentence } from './use-jobs';

const job = (over: Partial<FollowedJob>): FollowedJob => ({
  id: 'j1',
  type: 'RefreshExtract',
  status: 'Success',
  progress: 100,
  finishCode: 0,
  createdAt: null,
  startedAt: null,
  completedAt: null,
  target: { kind: 'workbook', id: 'w1', name: 'Sales' },
  notes: [],
  error: null,
  polls: 3,
  ...over,
});

describe('the sentence a toast and a notification say when a followed job ends', () => {
  it('names the item and how it ended, with the server’s notes when it failed', () => {
    expect(endSentence(job({}))).toBe('Refresh of “Sales” succeeded.');
    expect(endSentence(job({ status: 'Cancelled', finishCode: 2 }))).toBe(
      'Refresh of “Sales” was cancelled.',
    );
    expect(
      endSentence(job({ status: 'Failed', finishCode: 1, notes: ['Unable to connect.'] })),
    ).toBe('Refresh of “Sales” failed: Unable to connect.');
  });

  it('uses the name the starter knew when the job does not say, and says when it could not be read', () => {
    expect(endSentence(job({ type: 'PublishWorkbook', target: null }), 'SampleWB')).toBe(
      'Publish of “SampleWB” succeeded.',
    );
    expect(
      endSentence(
        job({
          status: 'Unknown',
          target: null,
          error: { code: '404000', message: 'No such job.' },
        }),
      ),
    ).toBe('Refresh could not be followed: No such job.');
  });
});
