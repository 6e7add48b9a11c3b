/** How ticket numbers are formatted: `prefix` + sequence zero-padded to `width` digits. */
export interface NumberingOptions {
  /** Defaults to `TKT-`. */
  prefix?: string;
  /** Minimum digits; longer sequences grow past it. Defaults to 6. */
  width?: number;
}

/** Formats a sequence value as a ticket number: `formatTicketNumber(42)` → `TKT-000042`. */
export function formatTicketNumber(sequence: number, options: NumberingOptions = {}): string {
  const { prefix = 'TKT-', width = 6 } = options;
  return prefix + String(sequence).padStart(width, '0');
}
