import type { ListPage } from '@tessera/core';

/** A DRF page: `{count, next, previous, results}` with absolute links. */
export interface WirePage<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

function withPage(requestUrl: string, page: number): string {
  const url = new URL(requestUrl);
  if (page <= 1) url.searchParams.delete('page');
  else url.searchParams.set('page', String(page));
  return url.toString();
}

/** Wraps a service page as DRF does; `previous` of page 2 drops `page` (DRF's behaviour). */
export function toWirePage<T, R>(requestUrl: string, page: ListPage<T>, map: (row: T) => R): WirePage<R> {
  const hasNext = page.page * page.pageSize < page.count;
  return {
    count: page.count,
    next: hasNext ? withPage(requestUrl, page.page + 1) : null,
    previous: page.page > 1 ? withPage(requestUrl, page.page - 1) : null,
    results: page.results.map(map),
  };
}
