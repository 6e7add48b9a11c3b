import { listQueryParamSchemas } from '@tessera/core';

/** Page limits and the mapping of parsed parameters to core's inputs, as core states them. */
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, toPageInput, toTicketFilters } from '@tessera/core';

/**
 * Query-string schemas of every list endpoint: core's one parser of list parameters (the admin
 * UI uses the same), so filters, dates, page limits and ordering have one rule.
 */
export const createQuerySchemas = (categories: readonly string[]) => listQueryParamSchemas(categories);

/** The query-string schemas of one router. */
export type QuerySchemas = ReturnType<typeof createQuerySchemas>;
