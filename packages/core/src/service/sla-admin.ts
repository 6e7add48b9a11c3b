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
import type { SlaCalendarsApi, SlaPoliciesApi } from './sla-types.js';

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

async function requireCalendar(sla: SlaStore, id: number): Promise<BusinessCalendar> {
  const found = await sla.getCalendar(id);
  if (!found) throw new NotFoundError('calendar', id);
  return found;
}

async function requirePolicy(sla: SlaStore, id: number): Promise<SlaPolicy> {
  const found = await sla.getPolicy(id);
  if (!found) throw new NotFoundError('sla policy', id);
  return found;
}

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

/** `ticketing.sla.calendars`. */
export function createCalendarsApi(ctx: ServiceContext): SlaCalendarsApi {
  const staff = (actor: Actor) => {
    assertStaff(actor, 'manage business calendars');
    return slaStoreOf(ctx);
  };
  const write = async (sla: SlaStore, id: number, input: unknown) => {
    const parsed = parseBusinessCalendarInput(input);
    const saved = await sla.updateCalendar(id, parsed);
    if (!saved) throw new NotFoundError('calendar', id);
    return saved;
  };
  return {
    list: async (actor) => staff(actor).listCalendars(),
    get: async (actor, id) => requireCalendar(staff(actor), id),
    create: async (actor, input) => staff(actor).insertCalendar(parseBusinessCalendarInput(input)),
    update: async (actor, id, input) => {
      const sla = staff(actor);
      await requireCalendar(sla, id);
      return write(sla, id, input);
    },
    patch: async (actor, id, input) => {
      const sla = staff(actor);
      const current = await requireCalendar(sla, id);
      return write(sla, id, { ...calendarInputOf(current), ...definedKeys(input) });
    },
    delete: async (actor, id) => {
      if (!(await staff(actor).deleteCalendar(id))) throw new NotFoundError('calendar', id);
    },
  };
}

/** `ticketing.sla.policies`. */
export function createPoliciesApi(ctx: ServiceContext): SlaPoliciesApi {
  const staff = (actor: Actor) => {
    assertStaff(actor, 'manage SLA policies');
    return slaStoreOf(ctx);
  };
  const write = async (sla: SlaStore, id: number, input: unknown) => {
    const parsed = parseSlaPolicyInput(input);
    await checkPolicyCalendar(sla, parsed.calendarId);
    const saved = await sla.updatePolicy(id, parsed);
    if (!saved) throw new NotFoundError('sla policy', id);
    return saved;
  };
  return {
    list: async (actor) => staff(actor).listPolicies(),
    get: async (actor, id) => requirePolicy(staff(actor), id),
    create: async (actor, input) => {
      const sla = staff(actor);
      const parsed = parseSlaPolicyInput(input);
      await checkPolicyCalendar(sla, parsed.calendarId);
      return sla.insertPolicy(parsed);
    },
    update: async (actor, id, input) => {
      const sla = staff(actor);
      await requirePolicy(sla, id);
      return write(sla, id, input);
    },
    patch: async (actor, id, input) => {
      const sla = staff(actor);
      const current = await requirePolicy(sla, id);
      return write(sla, id, { ...policyInputOf(current), ...definedKeys(input) });
    },
    delete: async (actor, id) => {
      if (!(await staff(actor).deletePolicy(id))) throw new NotFoundError('sla policy', id);
    },
  };
}

/** The keys of a PATCH body that carry a value (`undefined` = left out). */
function definedKeys<T extends object>(input: T): Partial<T> {
  if (typeof input !== 'object' || input === null) return {};
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
