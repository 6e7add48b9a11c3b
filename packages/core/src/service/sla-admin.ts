import { NotFoundError } from '../errors.js';
import type { Actor } from '../domain/model.js';
import type { SlaStore } from '../ports/sla-store.js';
import { calendarHasOpenTime } from '../sla/business-time.js';
import { parseBusinessCalendarInput, type BusinessCalendar, type BusinessCalendarInput } from '../sla/calendar.js';
import { parseSlaPolicyInput, type SlaPolicy, type SlaPolicyInput } from '../sla/policy.js';
import { SlaValidationError } from '../sla/validation.js';
import { StoreError } from '../errors.js';
import type { ServiceContext } from './context.js';
import { assertStaff } from './policy.js';
import type { SlaCalendarsApi, SlaPoliciesApi, SlaSettingsApi } from './sla-types.js';

/** The store's SLA part; a store without one cannot hold calendars or policies. */
export function slaStoreOf(ctx: ServiceContext): SlaStore {
  const sla = ctx.store.sla;
  if (!sla) throw new StoreError('This store does not support SLA calendars and policies.');
  return sla;
}

const calendarInputOf = (c: BusinessCalendar): BusinessCalendarInput => ({
  name: c.name,
  timezone: c.timezone,
  hours: c.hours as BusinessCalendarInput['hours'],
  holidays: c.holidays,
});

const policyInputOf = (p: SlaPolicy): SlaPolicyInput => ({
  name: p.name,
  position: p.position,
  match: p.match,
  calendarId: p.calendarId,
  pauseStatuses: p.pauseStatuses,
  targets: p.targets,
});

/** A policy's calendar must exist and have some open time (else its clocks could never reach a due time). */
async function checkPolicyCalendar(sla: SlaStore, calendarId: number | null): Promise<void> {
  if (calendarId === null) return;
  const calendar = await sla.getCalendar(calendarId);
  if (!calendar) {
    throw new SlaValidationError({
      calendarId: [{ code: 'does_not_exist', params: { value: calendarId }, message: `Invalid pk "${calendarId}" - object does not exist.` }],
    });
  }
  if (!calendarHasOpenTime(calendar)) {
    throw new SlaValidationError({
      calendarId: [{ code: 'no_open_time', params: { value: calendarId }, message: `Calendar ${calendarId} has no open time; a policy cannot count on it.` }],
    });
  }
}

/**
 * One kind of SLA setting as the service sees it: how it is parsed, checked and stored. The CRUD
 * rules around it (staff only, 404 for an unknown id, PATCH = current values + the given ones)
 * are the same for every kind, in {@link settingsApi}.
 */
interface SettingKind<T, Input, Row> {
  /** What a `NotFoundError` names. */
  resource: 'calendar' | 'sla policy';
  /** What a customer is refused. */
  action: string;
  parse(input: unknown): Row;
  /** Checks that need the store (a policy's calendar); runs before every insert and update. */
  check?(sla: SlaStore, row: Row): Promise<void>;
  /** The input that would write `current` again (the base a PATCH applies to). */
  inputOf(current: T): Input;
  list(sla: SlaStore): Promise<T[]>;
  get(sla: SlaStore, id: number): Promise<T | null>;
  insert(sla: SlaStore, row: Row): Promise<T>;
  update(sla: SlaStore, id: number, row: Row): Promise<T | null>;
  delete(sla: SlaStore, id: number): Promise<boolean>;
}

function settingsApi<T, Input, Row>(ctx: ServiceContext, kind: SettingKind<T, Input, Row>): SlaSettingsApi<T, Input> {
  const staff = (actor: Actor) => {
    assertStaff(actor, kind.action);
    return slaStoreOf(ctx);
  };
  const require = async (sla: SlaStore, id: number) => {
    const found = await kind.get(sla, id);
    if (!found) throw new NotFoundError(kind.resource, id);
    return found;
  };
  const parse = async (sla: SlaStore, input: unknown) => {
    const row = kind.parse(input);
    await kind.check?.(sla, row);
    return row;
  };
  const write = async (sla: SlaStore, id: number, input: unknown) => {
    const saved = await kind.update(sla, id, await parse(sla, input));
    if (!saved) throw new NotFoundError(kind.resource, id);
    return saved;
  };
  return {
    list: async (actor) => kind.list(staff(actor)),
    get: async (actor, id) => require(staff(actor), id),
    create: async (actor, input) => {
      const sla = staff(actor);
      return kind.insert(sla, await parse(sla, input));
    },
    update: async (actor, id, input) => {
      const sla = staff(actor);
      await require(sla, id);
      return write(sla, id, input);
    },
    patch: async (actor, id, input) => {
      const sla = staff(actor);
      const current = await require(sla, id);
      return write(sla, id, { ...kind.inputOf(current), ...definedKeys(input) });
    },
    delete: async (actor, id) => {
      if (!(await kind.delete(staff(actor), id))) throw new NotFoundError(kind.resource, id);
    },
  };
}

/** `ticketing.sla.calendars`. */
export function createCalendarsApi(ctx: ServiceContext): SlaCalendarsApi {
  return settingsApi(ctx, {
    resource: 'calendar',
    action: 'manage business calendars',
    parse: parseBusinessCalendarInput,
    inputOf: calendarInputOf,
    list: (sla) => sla.listCalendars(),
    get: (sla, id) => sla.getCalendar(id),
    insert: (sla, row) => sla.insertCalendar(row),
    update: (sla, id, row) => sla.updateCalendar(id, row),
    delete: (sla, id) => sla.deleteCalendar(id),
  });
}

/** `ticketing.sla.policies`. */
export function createPoliciesApi(ctx: ServiceContext): SlaPoliciesApi {
  return settingsApi(ctx, {
    resource: 'sla policy',
    action: 'manage SLA policies',
    parse: parseSlaPolicyInput,
    check: (sla, row) => checkPolicyCalendar(sla, row.calendarId),
    inputOf: policyInputOf,
    list: (sla) => sla.listPolicies(),
    get: (sla, id) => sla.getPolicy(id),
    insert: (sla, row) => sla.insertPolicy(row),
    update: (sla, id, row) => sla.updatePolicy(id, row),
    delete: (sla, id) => sla.deletePolicy(id),
  });
}

/** The keys of a PATCH body that carry a value (`undefined` = left out). */
function definedKeys<T extends object>(input: T): Partial<T> {
  if (typeof input !== 'object' || input === null) return {};
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
