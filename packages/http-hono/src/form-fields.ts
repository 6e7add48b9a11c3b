/**
 * DRF also accepts form-encoded bodies on its JSON endpoints; there every value is a string.
 * These rules turn such values into what the JSON schemas expect, the way DRF's fields coerce them.
 */
const INTEGER_FIELDS = new Set(['customer', 'assigned_to', 'user_id', 'ticket']);
const NUMBER_FIELDS = new Set(['estimated_hours', 'actual_hours']);
const BOOLEAN_FIELDS = new Set(['is_internal']);
const NULLABLE_FIELDS = new Set(['assigned_to', 'user_id', 'due_date', 'estimated_hours', 'actual_hours', 'tags']);
const TRUE = new Set(['true', 'True', '1', 'on', 'yes']);
const FALSE = new Set(['false', 'False', '0', 'off', 'no']);

/** Coerces one form value (left as is when it does not look like the field's type). */
function coerce(field: string, value: string): unknown {
  if (value === '' && NULLABLE_FIELDS.has(field)) return null;
  if (INTEGER_FIELDS.has(field) && /^\s*\d{1,15}\s*$/u.test(value)) return Number(value);
  if (NUMBER_FIELDS.has(field) && /^\s*-?\d{1,9}(\.\d+)?\s*$/u.test(value)) return Number(value);
  if (BOOLEAN_FIELDS.has(field)) {
    if (TRUE.has(value)) return true;
    if (FALSE.has(value)) return false;
  }
  return value;
}

/** A form's text fields as a JSON object (a repeated field keeps its last value, as Django's `QueryDict.get`). */
export function formToObject(form: FormData | URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  form.forEach((value, key) => {
    if (typeof value === 'string') out[key] = coerce(key, value);
  });
  return out;
}
