import { describe, expect, it } from 'vitest';
import { staleWorkbooks } from './stale-workbooks';

const now = new Date('2026-06-30T00:00:00Z');
const wb = (luid: string, updatedAt: string) => ({
  luid,
  name: luid,
  updatedAt,
  owner: { username: 'u' },
});
const view = (workbook: string, count: number) => ({
  workbook: { id: workbook },
  usage: { totalViewCount: String(count) },
});

describe('workbooks not viewed in N days', () => {
  it('keeps workbooks not updated in N days whose views add up to at most M, oldest first', () => {
    const rows = staleWorkbooks(
      [
        wb('old-unseen', '2026-01-01T00:00:00Z'),
        wb('old-seen', '2026-01-01T00:00:00Z'),
        wb('recent', '2026-06-20T00:00:00Z'),
        wb('older-unseen', '2025-01-01T00:00:00Z'),
      ],
      [
        view('old-unseen', 0),
        view('old-unseen', 0),
        view('old-seen', 2),
        view('old-seen', 5),
        view('recent', 0),
      ],
      { days: 90, maxViews: 0, now },
    );
    expect(rows.map((r) => r.luid)).toEqual(['older-unseen', 'old-unseen']);
    expect(rows[1]).toMatchObject({
      views: 2,
      totalViewCount: 0,
      verdict: 'never viewed',
      daysSinceUpdate: 180,
    });
    const rarely = staleWorkbooks(
      [wb('old-seen', '2026-01-01T00:00:00Z')],
      [view('old-seen', 2), view('old-seen', 5)],
      { days: 90, maxViews: 7, now },
    );
    expect(rarely).toEqual([
      expect.objectContaining({ totalViewCount: 7, verdict: 'rarely viewed' }),
    ]);
  });
});
