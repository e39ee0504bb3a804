import { errors } from '../errors';
import { el, type Element } from '../format/element';

export interface Paging {
  pageSize: number;
  pageNumber: number;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** `pageSize` (default 100, 1..1000; above → 403014) and `pageNumber` (from 1 → else 400006). */
export function parsePaging(query: URLSearchParams): Paging {
  const sizeText = query.get('pageSize');
  const numberText = query.get('pageNumber');
  let pageSize = DEFAULT_PAGE_SIZE;
  if (sizeText !== null) {
    if (!/^\d+$/.test(sizeText.trim())) {
      throw errors.invalidPageSize(`The page size '${sizeText}' is not an integer.`);
    }
    pageSize = Number(sizeText);
    if (pageSize < 1) throw errors.invalidPageSize('The page size must be at least 1.');
    if (pageSize > MAX_PAGE_SIZE) throw errors.pageSizeTooLarge(pageSize);
  }
  let pageNumber = 1;
  if (numberText !== null) {
    if (!/^\d+$/.test(numberText.trim()) || Number(numberText) < 1) {
      throw errors.invalidPageNumber(
        `The page number '${numberText}' must be an integer of 1 or more.`,
      );
    }
    pageNumber = Number(numberText);
  }
  return { pageSize, pageNumber };
}

/**
 * One page of `items` and Tableau's `<pagination>` element. A page past the end is 400006
 * ("start index … is greater than or equal to the total count"); page 1 of nothing is empty.
 */
export function paginate<T>(
  items: readonly T[],
  paging: Paging,
): { page: T[]; pagination: Element } {
  const start = (paging.pageNumber - 1) * paging.pageSize;
  if (paging.pageNumber > 1 && start >= items.length) {
    throw errors.invalidPageNumber(
      `The start index '${start}' is greater than or equal to the total count '${items.length}'.`,
    );
  }
  return {
    page: items.slice(start, start + paging.pageSize),
    pagination: el('pagination', {
      pageNumber: paging.pageNumber,
      pageSize: paging.pageSize,
      totalAvailable: items.length,
    }),
  };
}
