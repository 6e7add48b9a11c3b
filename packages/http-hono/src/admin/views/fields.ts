import type { ValidationError } from '@tessera/core';
import { html } from 'hono/html';
import { humanize, type Html } from './html.js';
import { adminIssueMessage } from './messages.js';

/** Per-field messages to show beside inputs (keys are form field names). */
export type FormErrors = Record<string, string[]>;

/** Moves core field issues (camelCase keys) onto form field names, in the admin's wording. */
export function errorsFor(err: ValidationError, mapping: Record<string, string>): FormErrors {
  const out: FormErrors = {};
  for (const [key, issues] of Object.entries(err.issues)) {
    const name = mapping[key] ?? 'nonFieldErrors';
    out[name] = [...(out[name] ?? []), ...issues.map(adminIssueMessage)];
  }
  return out;
}


/** Messages of `errors` whose key is not one of `placed` (no input to show them beside). */
export function unplacedMessages(errors: FormErrors, placed: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([key]) => !placed.includes(key))
    .flatMap(([, messages]) => messages);
}

interface FieldBase {
  name: string;
  label: string;
  errors?: FormErrors;
  required?: boolean;
  hint?: string;
  /** Element id; defaults to `f-<name>` (set it when one page has two fields of one name). */
  id?: string;
}

function describedBy(id: string, hasHint: boolean, hasError: boolean): string {
  return [hasHint ? `${id}-hint` : '', hasError ? `${id}-error` : ''].filter(Boolean).join(' ');
}

function frame(base: FieldBase, control: (id: string, describedby: string) => Html): Html {
  const id = base.id ?? `f-${base.name}`;
  const errs = base.errors?.[base.name] ?? [];
  const by = describedBy(id, Boolean(base.hint), errs.length > 0);
  return html`<div class="field${errs.length ? ' has-error' : ''}">
    <label for="${id}">${base.label}${base.required ? html` <span aria-hidden="true">*</span>` : ''}</label>
    ${control(id, by)}
    ${base.hint ? html`<p class="hint" id="${id}-hint">${base.hint}</p>` : ''}
    ${errs.length ? html`<p class="error" id="${id}-error">${errs.join(' ')}</p>` : ''}
  </div>`;
}

/** A labelled `<input>`. */
export function inputField(
  base: FieldBase & { value?: string; type?: string; step?: string; min?: string; list?: string; autocomplete?: string },
): Html {
  return frame(
    base,
    (id, by) =>
      html`<input id="${id}" name="${base.name}" type="${base.type ?? 'text'}" value="${base.value ?? ''}"${
        base.required ? html` required` : ''
      }${base.step ? html` step="${base.step}"` : ''}${base.min ? html` min="${base.min}"` : ''}${
        base.autocomplete ? html` autocomplete="${base.autocomplete}"` : ''
      }${by ? html` aria-describedby="${by}"` : ''}${
        base.errors?.[base.name]?.length ? html` aria-invalid="true"` : ''
      }>`,
  );
}

/**
 * A labelled `<textarea>`. HTML drops one newline right after the opening tag, so one is always
 * written there: a value that starts with a newline then survives a round trip unchanged.
 */
export function textareaField(base: FieldBase & { value?: string; rows?: number }): Html {
  return frame(
    base,
    (id, by) =>
      html`<textarea id="${id}" name="${base.name}" rows="${base.rows ?? 5}"${base.required ? html` required` : ''}${
        by ? html` aria-describedby="${by}"` : ''
      }>
${base.value ?? ''}</textarea>`,
  );
}

/** One `<option>` of a select: a code shown humanized, or an explicit label. */
export interface Choice {
  value: string;
  label?: string;
}

/** Options for codes, labelled by {@link humanize}. */
export function codeChoices(codes: readonly string[]): Choice[] {
  return codes.map((value) => ({ value, label: humanize(value) }));
}

/** A labelled `<select>`; `blank` adds a first empty option with that label. */
export function selectField(base: FieldBase & { value?: string; choices: readonly Choice[]; blank?: string }): Html {
  return frame(
    base,
    (id, by) => html`<select id="${id}" name="${base.name}"${by ? html` aria-describedby="${by}"` : ''}>
      ${base.blank !== undefined ? html`<option value="">${base.blank}</option>` : ''}
      ${base.choices.map(
        (c) =>
          html`<option value="${c.value}"${c.value === base.value ? html` selected` : ''}>${c.label ?? c.value}</option>`,
      )}
    </select>`,
  );
}

/** A checkbox with its label after it. */
export function checkboxField(base: FieldBase & { checked?: boolean; value?: string }): Html {
  const id = base.id ?? `f-${base.name}`;
  return html`<div class="field field-check">
    <input id="${id}" name="${base.name}" type="checkbox" value="${base.value ?? 'true'}"${
      base.checked ? html` checked` : ''
    }>
    <label for="${id}">${base.label}</label>
  </div>`;
}

/**
 * A person picker: a text input whose value is `"<id> — <name> <email>"` (or a bare id), with a
 * `<datalist>` that admin.js fills from the autocomplete endpoint as the user types. The server
 * reads the leading id, so it works without JavaScript too.
 */
export function personField(
  base: FieldBase & { value?: string; source: string; placeholder?: string },
): Html {
  return frame(
    base,
    (id, by) =>
      html`<input id="${id}" name="${base.name}" type="text" value="${base.value ?? ''}" list="${id}-list"
        data-autocomplete="${base.source}" autocomplete="off" placeholder="${base.placeholder ?? 'Type a name or email'}"${
          base.required ? html` required` : ''
        }${by ? html` aria-describedby="${by}"` : ''}${
          base.errors?.[base.name]?.length ? html` aria-invalid="true"` : ''
        }><datalist id="${id}-list"></datalist>`,
  );
}

/** The hidden CSRF field every POST form carries. */
export function csrfField(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** Formats a person as the picker shows it. */
export function personLabel(person: { id: number; name: string; email: string }): string {
  return `${person.id} — ${person.name} <${person.email}>`;
}
