import type { z } from 'zod';
import type { Actor } from '../domain/model.js';
import type { ServiceContext } from './context.js';
import type { ListPage } from './types.js';
import { parseInput } from './validate.js';

/**
 * A service list operation: the raw query (none = `{}`) parsed with `schema`, then the page `read`
 * with the parsed one. Async throughout, so a query that does not parse is a rejected promise.
 */
export function listOperation<S extends z.ZodType, T>(
  schema: S,
  read: (ctx: ServiceContext, actor: Actor, parsed: z.output<S>) => Promise<ListPage<T>>,
): (ctx: ServiceContext, actor: Actor, query?: z.input<S>) => Promise<ListPage<T>> {
  return async (ctx, actor, query) => read(ctx, actor, parseInput(schema, query === undefined ? {} : query));
}
