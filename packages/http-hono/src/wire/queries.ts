import { DEFAULT_PAGE_SIZE, listQueryParamSchemas, MAX_PAGE_SIZE, toPageInput, toTicketFilters } from '@tessera/core';

/** Maximum `page_size`; larger values are clamped (DRF's `max_page_size`). */
export { MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE };

/**
 * Query-string schemas of every list endpoint: core's one parser of list parameters (the admin
 * UI uses the same), so filters, dates, page limits and ordering have one rule.
 */
export const createQuerySchemas = listQueryParamSchemas;

/** The query-string schemas of one router. */
export type QuerySchemas = ReturnType<typeof createQuerySchemas>;

export { toPageInput, toTicketFilters };
