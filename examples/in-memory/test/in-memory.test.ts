import { expect, it } from 'vitest';
import { runInMemoryExample } from '../src/main.js';

it('the in-memory example creates, comments, resolves and reads metrics and history', async () => {
  let now = new Date('2025-03-01T09:00:00Z').getTime();
  // Each clock read moves time on by 30 minutes, so the metrics are non-trivial and exact.
  const clock = { now: () => new Date((now += 1_800_000)) };
  const result = await runInMemoryExample(clock);
  expect(result.ticketNumber).toBe('TKT-000001');
  expect(result.status).toBe('resolved');
  expect(result.responseTimeHours).toBe(0.5);
  expect(result.resolutionTimeHours).toBe(1);
  expect(result.history).toEqual(['created', 'comment_added', 'status_changed status: new → resolved']);
});
