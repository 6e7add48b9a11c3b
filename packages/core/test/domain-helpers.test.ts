import { describe, expect, it } from 'vitest';
import {
  computeMetrics,
  formatFileSize,
  formatTags,
  formatTicketNumber,
  isOverdue,
  matchesSearch,
  normalizeTags,
  parseSearchTerms,
  priorityRank,
  sanitizeFilename,
  tagsInputSchema,
} from '../src/index.js';

describe('numbering', () => {
  it('pads to six digits with the TKT- prefix and grows past the width', () => {
    expect(formatTicketNumber(1)).toBe('TKT-000001');
    expect(formatTicketNumber(999_999)).toBe('TKT-999999');
    expect(formatTicketNumber(1_000_000)).toBe('TKT-1000000');
  });
  it('takes a configured prefix and width', () => {
    expect(formatTicketNumber(42, { prefix: 'SUP-', width: 4 })).toBe('SUP-0042');
  });
});

describe('tags', () => {
  it('normalises a comma-separated string: trim, lower-case, de-duplicate, keep order', () => {
    expect(normalizeTags(' Login, authentication ,URGENT,login,, ')).toEqual(['login', 'authentication', 'urgent']);
  });
  it('accepts an array, splitting embedded commas', () => {
    expect(normalizeTags(['B', 'a,b', ' c '])).toEqual(['b', 'a', 'c']);
  });
  it('formats as the seed string and parses through the schema', () => {
    expect(formatTags(['a', 'b', 'c'])).toBe('a, b, c');
    expect(tagsInputSchema.parse('X, y')).toEqual(['x', 'y']);
    expect(tagsInputSchema.parse(null)).toEqual([]);
  });
});

describe('metrics', () => {
  const createdAt = new Date('2025-01-01T00:00:00Z');
  it('computes response and resolution hours from the ticket', () => {
    const m = computeMetrics(
      {
        createdAt,
        firstResponseAt: new Date('2025-01-01T01:30:00Z'),
        resolvedAt: new Date('2025-01-02T00:00:00Z'),
        dueDate: null,
        status: 'resolved',
      },
      new Date('2025-02-01T00:00:00Z'),
    );
    expect(m).toEqual({
      firstResponseAt: new Date('2025-01-01T01:30:00Z'),
      responseTimeHours: 1.5,
      resolutionTimeHours: 24,
      isOverdue: false,
    });
  });
  it('is null while there is no response or resolution', () => {
    const m = computeMetrics({ createdAt, firstResponseAt: null, resolvedAt: null, dueDate: null, status: 'open' }, createdAt);
    expect(m.responseTimeHours).toBeNull();
    expect(m.resolutionTimeHours).toBeNull();
  });
  it('is overdue only when the due date passed and the ticket is not resolved or closed', () => {
    const now = new Date('2025-01-10T00:00:00Z');
    const past = new Date('2025-01-09T23:59:59Z');
    const future = new Date('2025-01-10T00:00:01Z');
    expect(isOverdue({ dueDate: past, status: 'open' }, now)).toBe(true);
    expect(isOverdue({ dueDate: past, status: 'reopened' }, now)).toBe(true);
    expect(isOverdue({ dueDate: past, status: 'resolved' }, now)).toBe(false);
    expect(isOverdue({ dueDate: past, status: 'closed' }, now)).toBe(false);
    expect(isOverdue({ dueDate: future, status: 'open' }, now)).toBe(false);
    expect(isOverdue({ dueDate: null, status: 'open' }, now)).toBe(false);
  });
});

describe('priorities', () => {
  it('rank low < medium < high < urgent < critical', () => {
    expect(['critical', 'low', 'urgent', 'medium', 'high'].sort((a, b) => priorityRank(a as never) - priorityRank(b as never))).toEqual([
      'low',
      'medium',
      'high',
      'urgent',
      'critical',
    ]);
  });
});

describe('search terms', () => {
  it('split on whitespace and commas, lower-cased', () => {
    expect(parseSearchTerms('Login  issue,PASSWORD')).toEqual(['login', 'issue', 'password']);
    expect(parseSearchTerms('  ')).toEqual([]);
  });
  it('every term must be a substring of some field', () => {
    expect(matchesSearch(['TKT-000001', 'Cannot login', 'after reset', 'auth'], ['login', 'reset'])).toBe(true);
    expect(matchesSearch(['TKT-000001', 'Cannot login', 'after reset', 'auth'], ['login', 'billing'])).toBe(false);
    expect(matchesSearch(['a_b'], ['a%'])).toBe(false);
  });
});

describe('files', () => {
  it('sanitises filenames to a safe base name', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('C:\\Users\\x\\report.pdf')).toBe('report.pdf');
    expect(sanitizeFilename('.hidden')).toBe('hidden');
    expect(sanitizeFilename('..')).toBe('file');
    expect(sanitizeFilename('a\u0000b.txt')).toBe('ab.txt');
  });
  it('formats sizes in binary units', () => {
    expect(formatFileSize(5)).toBe('5 B');
    expect(formatFileSize(2048)).toBe('2.0 KB');
    expect(formatFileSize(1.2 * 1024 * 1024)).toBe('1.2 MB');
    expect(formatFileSize(3 * 1024 ** 3)).toBe('3.0 GB');
  });
});
