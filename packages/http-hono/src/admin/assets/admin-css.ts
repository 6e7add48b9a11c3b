/**
 * The admin's stylesheet, served by the router. Colours meet WCAG AA contrast (badge text on
 * badge background ≥ 4.5:1); focus is always visible; tables turn into cards on narrow screens.
 */
export const ADMIN_CSS = `
*, *::before, *::after { box-sizing: border-box; }
:root { --fg: #111827; --muted: #4b5563; --line: #d1d5db; --bg: #f3f4f6; --card: #fff;
  --accent: #1d4ed8; --accent-fg: #fff; --danger: #b91c1c; --focus: #1d4ed8; }
html { font-size: 100%; }
body { margin: 0; font: 0.9375rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
input:focus-visible, select:focus-visible, textarea:focus-visible { outline-offset: 0; }
h1 { font-size: 1.5rem; margin: 0 0 0.75rem; line-height: 1.25; overflow-wrap: anywhere; }
h2 { font-size: 1.125rem; margin: 0 0 0.75rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip-link { position: absolute; left: -999px; top: 0; background: var(--card); padding: 0.5rem 1rem; z-index: 10; }
.skip-link:focus { left: 0.5rem; }
.muted { color: var(--muted); }

.topbar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; padding: 0.75rem 1rem; background: #1f2937; color: #fff; }
.topbar a { color: #fff; }
.topbar .brand { font-weight: 700; text-decoration: none; }
.topbar nav { display: flex; gap: 1rem; }
.topbar .signout { margin-left: auto; display: flex; align-items: center; gap: 0.75rem; }
.topbar .btn-link { color: #fff; }
.topbar :focus-visible { outline-color: #fff; }
main { padding: 1rem; max-width: 88rem; margin: 0 auto; }
main:focus { outline: none; }
.page-head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; margin-bottom: 0.75rem; }
.page-head h1 { margin: 0; }
.crumbs { margin: 0 0 0.5rem; color: var(--muted); }
.narrow { max-width: 26rem; margin: 2rem auto; }
.card, .filters, .bulk { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem; margin-bottom: 1rem; }
.or { text-align: center; color: var(--muted); margin: 0.25rem 0; }

.field { display: flex; flex-direction: column; gap: 0.25rem; margin-bottom: 0.75rem; min-width: 0; }
.field label { font-weight: 600; }
.field-check { flex-direction: row; align-items: center; gap: 0.5rem; }
.field-check label { font-weight: 400; }
.field[hidden] { display: none; }
input, select, textarea { font: inherit; color: var(--fg); background: #fff; border: 1px solid #6b7280; border-radius: 6px; padding: 0.45rem 0.6rem; max-width: 100%; }
input[type=checkbox] { width: 1.15rem; height: 1.15rem; accent-color: var(--accent); }
textarea { resize: vertical; width: 100%; }
.hint { margin: 0; color: var(--muted); font-size: 0.875rem; }
.error { margin: 0; color: var(--danger); font-weight: 600; }
.has-error input, .has-error select, .has-error textarea { border-color: var(--danger); border-width: 2px; }
.form-grid, .filter-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr)); gap: 0 1rem; }
.form-grid .span-2 { grid-column: 1 / -1; }
.filter-checks { display: flex; flex-wrap: wrap; gap: 0 1.5rem; }
.actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
.bulk { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 0 1rem; }
.bulk legend { font-weight: 700; padding: 0 0.25rem; }
.bulk .btn { margin-bottom: 0.75rem; }

.btn { display: inline-block; font: inherit; font-weight: 600; padding: 0.45rem 0.9rem; border-radius: 6px; border: 1px solid #6b7280; background: #fff; color: var(--fg); text-decoration: none; cursor: pointer; }
.btn:hover { background: #e5e7eb; }
.btn-primary { background: var(--accent); border-color: var(--accent); color: var(--accent-fg); }
.btn-primary:hover { background: #1e40af; }
.btn-danger { color: var(--danger); border-color: var(--danger); }
.btn-small { padding: 0.2rem 0.5rem; font-size: 0.875rem; }
.btn-link { background: none; border: 0; padding: 0; font: inherit; text-decoration: underline; cursor: pointer; }

.notice { padding: 0.75rem 1rem; border-radius: 6px; margin-bottom: 1rem; border: 1px solid; }
.notice-success { background: #dcfce7; border-color: #15803d; color: #14532d; }
.notice-error { background: #fee2e2; border-color: #b91c1c; color: #7f1d1d; }
.notice-info { background: #dbeafe; border-color: #1d4ed8; color: #1e3a8a; }

.badge { display: inline-block; padding: 0.1rem 0.55rem; border-radius: 999px; font-size: 0.8125rem; font-weight: 700; white-space: nowrap; border: 1px solid transparent; }
.status-new { background: #e0e7ff; color: #1e3a8a; }
.status-open { background: #dbeafe; color: #1e40af; }
.status-in_progress { background: #fef3c7; color: #78350f; }
.status-pending { background: #ede9fe; color: #5b21b6; }
.status-resolved { background: #dcfce7; color: #14532d; }
.status-closed { background: #e5e7eb; color: #1f2937; }
.status-reopened { background: #ffedd5; color: #7c2d12; }
.priority-low { background: #f1f5f9; color: #334155; border-color: #cbd5e1; }
.priority-medium { background: #e0f2fe; color: #075985; }
.priority-high { background: #fef9c3; color: #713f12; }
.priority-urgent { background: #ffedd5; color: #9a3412; }
.priority-critical { background: #b91c1c; color: #fff; }
.overdue-flag { background: #fee2e2; color: #991b1b; border-color: #b91c1c; }
.internal-flag { background: #fef3c7; color: #78350f; border-color: #b45309; }

.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 8px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.5rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f9fafb; font-weight: 700; white-space: nowrap; }
th a { color: var(--fg); }
tbody tr:last-child td { border-bottom: 0; }
td.subject { overflow-wrap: anywhere; min-width: 12rem; }
tr.overdue td { background: #fef2f2; }
tr.overdue td:first-child { box-shadow: inset 4px 0 0 var(--danger); }
.select { width: 2rem; }
.chips ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.4rem; margin: 0 0 0.4rem; padding: 0; }
.chip { display: inline-block; padding: 0.2rem 0.7rem; border: 1px solid #6b7280; border-radius: 999px; background: #fff; color: var(--fg); text-decoration: none; }
.chip .count { font-weight: 700; }
.chip.current { background: #1f2937; border-color: #1f2937; color: #fff; }
.chips p { margin: 0 0 0.75rem; }
.pagination { display: flex; flex-wrap: wrap; align-items: center; gap: 0.75rem; margin: 1rem 0; }
.empty { padding: 1rem; background: var(--card); border: 1px dashed var(--line); border-radius: 8px; }

.badges { margin: 0; display: flex; gap: 0.4rem; flex-wrap: wrap; }
.ticket-layout { display: grid; grid-template-columns: minmax(0, 1fr) 20rem; gap: 1rem; align-items: start; }
.metrics { margin: 0; display: grid; gap: 0.5rem; }
.metrics div { display: flex; justify-content: space-between; gap: 1rem; border-bottom: 1px solid var(--line); padding-bottom: 0.35rem; }
.metrics dt { font-weight: 600; }
.metrics dd { margin: 0; text-align: right; }
.comments { list-style: none; margin: 0 0 1rem; padding: 0; display: grid; gap: 0.75rem; }
.comment { border: 1px solid var(--line); border-radius: 6px; padding: 0.6rem 0.8rem; }
.comment.internal { background: #fffbeb; border-color: #b45309; }
.comment .meta { margin: 0 0 0.25rem; color: var(--muted); }
.comment .content { white-space: pre-wrap; overflow-wrap: anywhere; }
.stack { margin-top: 0.75rem; }
.danger-zone { margin: -0.25rem 0 1rem; text-align: right; }
tr.result-refused td, tr.result-failed td { background: #fef2f2; }

/* Service levels: badges, settings forms, dashboard */
.sla-active { background: #e0f2fe; color: #075985; }
.sla-soon { background: #fef3c7; color: #78350f; border-color: #b45309; }
.sla-breached { background: #fee2e2; color: #991b1b; border-color: #b91c1c; }
.sla-paused { background: #e5e7eb; color: #1f2937; }
.sla-fulfilled { background: #dcfce7; color: #14532d; }
.inline-form { display: inline; margin: 0; }
.btn-link.danger { color: var(--danger); }
.check-group, .hours-grid, .targets-grid { border: 1px solid var(--line); border-radius: 6px; padding: 0.5rem 0.75rem; margin: 0; }
.check-group .check { display: inline-flex; align-items: center; gap: 0.3rem; margin: 0 1rem 0.3rem 0; }
.hours-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 0.5rem 1rem; }
.hours-grid legend, .hours-grid .hint { grid-column: 1 / -1; }
.target-row { display: grid; grid-template-columns: 6rem 1fr 1fr; gap: 0.5rem 1rem; align-items: start; margin-bottom: 0.5rem; }
.target-row .error { grid-column: 1 / -1; }
.target-name { font-weight: 600; padding-top: 2.2rem; }
.dashboard { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 30rem), 1fr)); gap: 1rem; }
.chart-card h2 { margin-top: 0; }
.chart-box { overflow-x: auto; }
.chart-box svg { min-width: 32rem; display: block; }

@media (max-width: 60rem) {
  .ticket-layout { grid-template-columns: 1fr; }
}
@media (max-width: 40rem) {
  main { padding: 0.5rem; }
  .table-wrap { border: 0; background: none; overflow: visible; }
  .table-wrap table, .table-wrap tbody, .table-wrap tr, .table-wrap td { display: block; width: 100%; }
  .table-wrap thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .table-wrap tr { background: var(--card); border: 1px solid var(--line); border-radius: 8px; margin-bottom: 0.75rem; padding: 0.25rem 0; }
  .table-wrap td { border: 0; display: flex; gap: 0.75rem; padding: 0.3rem 0.75rem; }
  .table-wrap td[data-label]::before { content: attr(data-label); font-weight: 700; min-width: 6.5rem; flex-shrink: 0; }
  .table-wrap td.subject { min-width: 0; }
  tr.overdue { border-left: 5px solid var(--danger) !important; }
  .topbar .signout { margin-left: 0; }
  .target-row { grid-template-columns: 1fr 1fr; }
  .target-name { grid-column: 1 / -1; padding: 0; }
}
`;
