import { useState } from 'react';
import type { Pagination } from '../../shared/request';
import { pageCount } from '../../shared/tableau-list';
import { formatCount } from '../lib/format';

interface Props {
  pagination: Pagination;
  /** Items on this page (the list's count). */
  pageItems: number;
  busy: boolean;
  onPage(pageNumber: number, pageSize?: number): void;
}

const PAGE_SIZES = [100, 250, 500, 1000];

/** "page 3 of 25 · items 201–300 of 2,500", first/previous/next/last, jump, page size. */
export function PaginationBar({ pagination, pageItems, busy, onPage }: Props) {
  const { pageNumber, pageSize, totalAvailable } = pagination;
  const pages = pageCount(totalAvailable, pageSize);
  const first = totalAvailable === 0 ? 0 : (pageNumber - 1) * pageSize + 1;
  const last =
    totalAvailable === 0 ? 0 : Math.min(totalAvailable, first + Math.max(pageItems, 1) - 1);
  const [jump, setJump] = useState('');
  const sizes = PAGE_SIZES.includes(pageSize)
    ? PAGE_SIZES
    : [...PAGE_SIZES, pageSize].sort((a, b) => a - b);
  return (
    <div className="pagination-bar" role="navigation" aria-label="Pagination">
      <button
        type="button"
        className="icon"
        aria-label="First page"
        disabled={busy || pageNumber <= 1}
        onClick={() => onPage(1)}
      >
        «
      </button>
      <button
        type="button"
        className="icon"
        aria-label="Previous page"
        disabled={busy || pageNumber <= 1}
        onClick={() => onPage(pageNumber - 1)}
      >
        ‹
      </button>
      <span className="page-text" aria-label="Page position">
        {totalAvailable === 0
          ? 'no items'
          : `page ${formatCount(pageNumber)} of ${formatCount(pages)} · items ${formatCount(first)}–${formatCount(last)} of ${formatCount(totalAvailable)}`}
      </span>
      <button
        type="button"
        className="icon"
        aria-label="Next page"
        disabled={busy || pageNumber >= pages}
        onClick={() => onPage(pageNumber + 1)}
      >
        ›
      </button>
      <button
        type="button"
        className="icon"
        aria-label="Last page"
        disabled={busy || pageNumber >= pages}
        onClick={() => onPage(pages)}
      >
        »
      </button>
      <form
        className="jump"
        onSubmit={(e) => {
          e.preventDefault();
          const n = Number(jump);
          if (Number.isInteger(n) && n >= 1 && n <= pages) onPage(n);
          setJump('');
        }}
      >
        <input
          aria-label="Jump to page"
          type="number"
          min={1}
          max={pages}
          placeholder="go to"
          value={jump}
          onChange={(e) => setJump(e.target.value)}
        />
      </form>
      <select
        aria-label="Items per page"
        value={pageSize}
        disabled={busy}
        onChange={(e) => onPage(1, Number(e.target.value))}
      >
        {sizes.map((s) => (
          <option key={s} value={s}>
            {s} / page
          </option>
        ))}
      </select>
    </div>
  );
}
