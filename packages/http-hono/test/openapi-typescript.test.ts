import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from './fixture.js';

/** The TypeScript a client generator (openapi-typescript) writes for the router's document. */
describe('a client generated with openapi-typescript', () => {
  let f: Fixture;
  let types: string;
  beforeAll(async () => {
    f = await createFixture('memory');
    const { body: doc } = await f.call(null, 'GET', '/openapi.json');
    types = astToString(await openapiTS(doc));
  });
  afterAll(() => f.close());

  /** The generated member `name` inside the block that starts at `anchor`. */
  const member = (anchor: string, name: string): string => {
    const block = types.slice(types.indexOf(anchor));
    expect(block.length, anchor).toBeLessThan(types.length + 1);
    const match = new RegExp(`\\n\\s*${name}(\\??): ([^;]+);`).exec(block);
    expect(match, `${anchor} → ${name}`).not.toBeNull();
    return `${match![1]}: ${match![2]}`;
  };

  it('types numeric and boolean query parameters as number and boolean', () => {
    const list = types.slice(types.indexOf('getTickets: {'));
    const query = list.slice(list.indexOf('query?: {'), list.indexOf('};', list.indexOf('query?: {')));
    expect(query).toMatch(/\bpage\?: number;/);
    expect(query).toMatch(/\bpage_size\?: number;/);
    expect(query).toMatch(/\bcustomer\?: number;/);
    expect(query).toMatch(/\bassigned_to\?: number;/);
    expect(query).toMatch(/\bmy_tickets\?: boolean;/);
    expect(query).toMatch(/\bunassigned\?: boolean;/);
    expect(query).toMatch(/\boverdue\?: boolean;/);
    expect(query).toMatch(/\bsearch\?: string;/);
    const comments = types.slice(types.indexOf('getComments: {'));
    expect(comments.slice(0, comments.indexOf('};'))).toMatch(/\bis_internal\?: boolean;/);
  });

  it('types due_date as string | null in requests and responses', () => {
    expect(member('TicketCreate: {', 'due_date')).toBe('?: string | null');
    expect(member('TicketPatch: {', 'due_date')).toBe('?: string | null');
    expect(member('Ticket: {', 'due_date')).toBe(': string | null');
    expect(types).not.toMatch(/due_date\??: unknown/);
  });
});
