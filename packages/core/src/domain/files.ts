/**
 * Bidirectional controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069): `invoice\u202Efdp.exe`
 * would show as `invoiceexe.pdf`. Stripped together with the C0/C1 control characters.
 */
const INVISIBLE_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * Reduces an uploaded filename to a safe base name: no directories (`../../etc/passwd` → `passwd`),
 * no `/` or `\`, no leading dots, no control or bidirectional-control characters (which can make
 * a name display as something it is not). Never empty (`file` as fallback).
 */
export function sanitizeFilename(name: string): string {
  const base = name.split(/[/\\]/u).pop() ?? '';
  const cleaned = base
    .replace(INVISIBLE_CONTROLS, '')
    .replace(/["<>|:*?]/gu, '')
    .replace(/^[.\s]+/u, '')
    .trim()
    .slice(0, 255);
  return cleaned || 'file';
}

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;

/** Human-readable size in binary units, one decimal above 1 KB: `5 B`, `2.0 KB`, `1.2 MB`. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}
