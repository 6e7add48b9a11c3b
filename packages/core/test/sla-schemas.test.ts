import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/errors.js';
import {
  SlaValidationError,
  parseBusinessCalendarInput,
  parseSlaPolicyInput,
  type SlaErrorTree,
} from '../src/sla/index.js';

function treeOf(fn: () => unknown): SlaErrorTree {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SlaValidationError);
    expect(e).toBeInstanceOf(ValidationError);
    return (e as SlaValidationError).tree;
  }
  throw new Error('expected a validation error');
}

const codes = (node: unknown) => (node as { code: string }[]).map((i) => i.code);

describe('business calendar input', () => {
  const valid = {
    name: 'Support Berlin',
    timezone: 'Europe/Berlin',
    hours: { mon: [['13:00', '17:00'], ['09:00', '12:00']], fri: [['09:00', '24:00']] },
    holidays: ['2025-01-01', '2024-12-25', '2025-01-01'],
  };

  it('normalizes a valid calendar: every day present, intervals sorted, holidays sorted and unique, unknown keys dropped', () => {
    const cal = parseBusinessCalendarInput({ ...valid, colour: 'blue' });
    expect(cal).toEqual({
      name: 'Support Berlin',
      timezone: 'Europe/Berlin',
      hours: {
        mon: [['09:00', '12:00'], ['13:00', '17:00']],
        tue: [],
        wed: [],
        thu: [],
        fri: [['09:00', '24:00']],
        sat: [],
        sun: [],
      },
      holidays: ['2024-12-25', '2025-01-01'],
    });
  });

  it('accepts touching intervals', () => {
    expect(parseBusinessCalendarInput({ ...valid, hours: { mon: [['09:00', '12:00'], ['12:00', '13:00']] } }).hours.mon).toHaveLength(2);
  });

  it('reports each bad interval under its day, with a code and the values', () => {
    const tree = treeOf(() =>
      parseBusinessCalendarInput({
        ...valid,
        hours: {
          mon: [['09:00', '25:00']],
          tue: [['17:00', '09:00'], ['10:00', '10:00']],
          wed: [['09:00', '12:00'], ['11:00', '13:00']],
          thu: [['24:00', '24:00']],
          fri: [['9:00', '12:00']],
          sat: 'closed',
          sun: [['09:00']],
          someday: [],
        },
      }),
    );
    const hours = tree.hours as SlaErrorTree;
    expect(Object.keys(tree)).toEqual(['hours']);
    expect(hours.mon).toEqual([
      {
        code: 'invalid_time',
        params: { index: 0, value: '25:00' },
        message: '"25:00" is not a valid time. Enter a time as "HH:MM" between "00:00" and "24:00".',
      },
    ]);
    expect(codes(hours.tue)).toEqual(['interval_order', 'interval_order']);
    expect(hours.wed).toEqual([
      { code: 'interval_overlap', params: { index: 1, other: 0 }, message: 'Intervals 09:00–12:00 and 11:00–13:00 overlap.' },
    ]);
    expect(codes(hours.thu)).toEqual(['invalid_time']);
    expect(codes(hours.fri)).toEqual(['invalid_time']);
    expect(codes(hours.sat)).toEqual(['invalid_type']);
    expect(codes(hours.sun)).toEqual(['invalid_type']);
    expect(codes(hours.someday)).toEqual(['unknown_day']);
  });

  it('reports unknown zones, bad holidays, blank names and a missing hours field under their keys', () => {
    const tree = treeOf(() =>
      parseBusinessCalendarInput({ name: ' ', timezone: 'Europe/Atlantis', holidays: ['2023-02-29', '2024-13-01', 'soon'] }),
    );
    expect(codes(tree.name)).toEqual(['blank']);
    expect(codes(tree.timezone)).toEqual(['unknown_time_zone']);
    expect(codes(tree.hours)).toEqual(['required']);
    expect(tree.holidays).toHaveLength(3);
    expect((tree.holidays as { params?: Record<string, unknown> }[]).map((i) => i.params?.index)).toEqual([0, 1, 2]);
  });

  it('refuses UTC offsets posing as zones, and flattens messages for the generic ValidationError', () => {
    const tree = treeOf(() => parseBusinessCalendarInput({ ...valid, timezone: '+05:30' }));
    expect(codes(tree.timezone)).toEqual(['unknown_time_zone']);
    const error = (() => {
      try {
        parseBusinessCalendarInput({ ...valid, hours: { mon: [['10:00', '09:00']] } });
      } catch (e) {
        return e as ValidationError;
      }
      return null;
    })();
    expect(error?.fields).toEqual({ hours: ['Interval 10:00–09:00 must end after it starts.'] });
  });
});

describe('SLA policy input', () => {
  it('applies defaults: match accepts anything, round-the-clock, pauses on pending, no targets', () => {
    expect(parseSlaPolicyInput({ name: 'Default' })).toEqual({
      name: 'Default',
      match: { priority: [], category: [], customer: [] },
      calendarId: null,
      pauseStatuses: ['pending'],
      targets: {},
    });
  });

  it('keeps targets per priority; a missing minute count is no target', () => {
    const p = parseSlaPolicyInput({
      name: 'Urgent',
      position: 3,
      calendarId: 2,
      match: { priority: ['urgent', 'critical'], customer: [5] },
      pauseStatuses: ['pending', 'new'],
      targets: { urgent: { firstResponseMinutes: 60, resolutionMinutes: 480 }, critical: { firstResponseMinutes: 15 } },
    });
    expect(p.targets).toEqual({
      urgent: { firstResponseMinutes: 60, resolutionMinutes: 480 },
      critical: { firstResponseMinutes: 15, resolutionMinutes: null },
    });
    expect(p.match).toEqual({ priority: ['urgent', 'critical'], category: [], customer: [5] });
  });

  it('reports a bad target nested under its priority, and every other bad field under its key', () => {
    const tree = treeOf(() =>
      parseSlaPolicyInput({
        name: 'Bad',
        position: 1.5,
        match: { priority: ['urgent', 'extreme'] },
        pauseStatuses: ['pending', 'sleeping'],
        targets: { mega: { firstResponseMinutes: 5 }, high: { firstResponseMinutes: -1, resolutionMinutes: 'soon' } },
      }),
    );
    expect(tree.targets).toMatchObject({
      mega: [{ code: 'unknown_priority', params: { value: 'mega' } }],
      high: {
        firstResponseMinutes: [{ code: 'min_value', message: 'Ensure this value is greater than or equal to 0.' }],
        resolutionMinutes: [{ code: 'invalid_type' }],
      },
    });
    expect(tree.pauseStatuses).toMatchObject([{ code: 'unknown_status', params: { index: 1, value: 'sleeping' } }]);
    expect(tree.match).toMatchObject({ priority: [{ code: 'unknown_priority', params: { index: 1, value: 'extreme' } }] });
    expect(Object.keys(tree).sort()).toEqual(['match', 'pauseStatuses', 'position', 'targets']);
  });
});
