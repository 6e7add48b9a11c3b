import { InvalidPageError } from '../errors.js';
import type { Page, PageRequest } from '../ports/ticket-store.js';
import type { ListPage } from './types.js';

/** The store window for a 1-based page. */
export function pageWindow(page: number, pageSize: number): PageRequest {
  return { offset: (page - 1) * pageSize, limit: pageSize };
}

/**
 * Wraps a store page as a list page. A page past the end (other than an empty first page) is an
 * {@link InvalidPageError}, as in DRF.
 */
export function toListPage<T, R = T>(
  result: Page<T>,
  page: number,
  pageSize: number,
  rows: R[] = result.rows as unknown as R[],
): ListPage<R> {
  if (page > 1 && result.rows.length === 0) throw new InvalidPageError(page);
  return { count: result.count, page, pageSize, results: rows };
}

/** Reads the page `parsed` asks for through `read` (given the store window) and wraps it as a list page. */
export async function readPage<T>(
  parsed: { page: number; pageSize: number },
  read: (window: PageRequest) => Promise<Page<T>>,
): Promise<ListPage<T>> {
  return toListPage(await read(pageWindow(parsed.page, parsed.pageSize)), parsed.page, parsed.pageSize);
}

/** An empty first page (a filter that can match nothing). */
export function emptyPage<T>(page: number, pageSize: number): ListPage<T> {
  if (page > 1) throw new InvalidPageError(page);
  return { count: 0, page, pageSize, results: [] };
}
