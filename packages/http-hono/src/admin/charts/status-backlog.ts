import { TICKET_STATUSES } from '@tessera/core';
import { humanize } from '../views/html.js';
import { AXIS, MUTED, TEXT, statusColour } from './palette.js';
import { formatCount } from './scale.js';
import { CHART_WIDTH, clean, frame, idPrefix, message, n, svg, textWidth, truncate, type ChartOptions, type SvgMarkup } from './svg.js';

const ROW = 30;
const BAR = 20;
const TOP = 8;
const BOTTOM = 8;
const LABEL_CHARS = 18;

/**
 * Open tickets per status as horizontal bars, coloured like the admin's status badges (badge
 * background as fill, badge text colour as outline). Known statuses come in lifecycle order,
 * others after them in the order given. Pass only the statuses that count as backlog (for
 * example leave out `resolved` and `closed`); a status given with 0 gets an empty row.
 */
export function statusBacklogChart(counts: Readonly<Record<string, number>>, options: ChartOptions = {}): SvgMarkup {
  const id = idPrefix(options.idPrefix, 'status-backlog');
  const title = options.title ?? 'Backlog by status';
  const given = Object.keys(counts);
  const known = TICKET_STATUSES.filter((s) => given.includes(s));
  const others = given.filter((s) => !(TICKET_STATUSES as readonly string[]).includes(s));
  const rows = [...known, ...others].map((status) => ({
    status,
    label: humanize(status),
    count: Math.round(clean(counts[status])),
  }));
  if (rows.length === 0) {
    const height = TOP + ROW + BOTTOM;
    return frame(id, title, 'No statuses to show.', height, message(CHART_WIDTH / 2, height / 2 + 4, 'No data yet'));
  }

  const height = TOP + rows.length * ROW + BOTTOM;
  const labelWidth = Math.max(...rows.map((r) => textWidth(truncate(r.label, LABEL_CHARS)))) + 12;
  const valueWidth = Math.max(...rows.map((r) => textWidth(formatCount(r.count)))) + 12;
  const left = labelWidth;
  const barSpace = CHART_WIDTH - left - valueWidth;
  const max = Math.max(...rows.map((r) => r.count));

  const body = rows.map((row, i) => {
    const top = TOP + i * ROW;
    const middle = top + ROW / 2;
    const width = max === 0 ? 0 : (row.count / max) * barSpace;
    const colour = statusColour(row.status);
    const bar =
      row.count === 0
        ? svg``
        : svg`<rect class="bar" x="${n(left)}" y="${n(middle - BAR / 2)}" width="${n(Math.max(width, 2))}" height="${n(BAR)}" rx="3" fill="${colour.fill}" stroke="${colour.stroke}" stroke-width="1.5"><title>${row.label}: ${formatCount(row.count)}</title></rect>`;
    return svg`<g class="row"><text x="${n(left - 8)}" y="${n(middle + 4)}" text-anchor="end" fill="${TEXT}">${truncate(row.label, LABEL_CHARS)}</text>${bar}<text x="${n(left + Math.max(width, 2) + 6)}" y="${n(middle + 4)}" fill="${MUTED}">${formatCount(row.count)}</text></g>`;
  });
  const axis = svg`<line x1="${n(left)}" x2="${n(left)}" y1="${n(TOP)}" y2="${n(height - BOTTOM)}" stroke="${AXIS}"/>`;
  const total = rows.reduce((sum, r) => sum + r.count, 0);
  const desc = `${formatCount(total)} tickets in the backlog: ${rows.map((r) => `${r.label} ${formatCount(r.count)}`).join(', ')}.`;
  return frame(id, title, desc, height, [axis, ...body]);
}
