/**
 * UTC offsets of an IANA time zone, read from the platform's `Intl.DateTimeFormat`.
 *
 * Why `Intl` and no date library: every runtime Tessera supports (Node 22+, browsers, Deno, Bun,
 * edge workers) ships the IANA database inside `Intl`, kept current by the runtime's updates. A
 * library would either bundle its own copy of the database (tens of KB that go stale) or wrap
 * `Intl` anyway; `Temporal` is not yet available everywhere and its polyfills are large. The only
 * question business time asks a zone is "what is the offset at this instant, and when does it
 * change next"; `formatToParts` answers the first, and a cached scan answers the second.
 *
 * How: the UTC time line is cut into chunks of {@link CHUNK_DAYS} days. The first time a chunk is
 * needed, the offset is sampled once per UTC day (one `formatToParts` call each) and every day whose
 * two ends differ is bisected to the second to find the transition instant. The chunk is cached per
 * zone, so a year costs about 370 `Intl` calls once, and every later lookup is a binary search in a
 * small array. Assumption: a zone changes its offset at most once within any 24 hours (true of every
 * zone in the IANA database since 1900).
 */

const MS_PER_SECOND = 1000;
export const MS_PER_DAY = 86_400_000;
/** Days covered by one cached chunk of transitions. */
const CHUNK_DAYS = 128;
const CHUNK_MS = CHUNK_DAYS * MS_PER_DAY;

/** A run of constant offset: instants in `[start, end)` are `offsetMs` ahead of UTC. */
export interface OffsetPiece {
  start: number;
  end: number;
  offsetMs: number;
}

interface Chunk {
  /** Start instants of the runs in this chunk (the first is the chunk start), ascending. */
  starts: number[];
  offsets: number[];
  end: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is an IANA zone name the platform knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Offset of `timeZone` at `instantMs` in milliseconds (local = UTC + offset), straight from `Intl`,
 * uncached. Exact to the second (IANA offsets are whole seconds).
 */
export function readOffsetMs(timeZone: string, instantMs: number): number {
  const utcSeconds = Math.floor(instantMs / MS_PER_SECOND) * MS_PER_SECOND;
  // The wall-clock fields read from the parts (a field the formatter leaves out stays 0).
  const local = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  let bc = false;
  for (const p of formatterFor(timeZone).formatToParts(utcSeconds)) {
    if (p.type === 'era') bc = p.value.startsWith('B');
    else if (Object.hasOwn(local, p.type)) local[p.type as keyof typeof local] = Number(p.value);
  }
  const d = new Date(0);
  d.setUTCFullYear(bc ? 1 - local.year : local.year, local.month - 1, local.day);
  d.setUTCHours(local.hour, local.minute, local.second, 0);
  return d.getTime() - utcSeconds;
}

/** Cached offsets of one zone. Obtain it with {@link zoneOffsets}. */
export class ZoneOffsets {
  private readonly chunks = new Map<number, Chunk>();

  constructor(readonly timeZone: string) {}

  /** The run of constant offset containing `instantMs` (its end is at most the end of a cached chunk). */
  pieceAt(instantMs: number): OffsetPiece {
    const chunk = this.chunk(Math.floor(instantMs / CHUNK_MS));
    const { starts, offsets } = chunk;
    // Last run starting at or before the instant (runs per chunk are few: plain scan from the end).
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > instantMs) i--;
    return { start: starts[i]!, end: i + 1 < starts.length ? starts[i + 1]! : chunk.end, offsetMs: offsets[i]! };
  }

  /** Offset at `instantMs` in milliseconds. */
  offsetAt(instantMs: number): number {
    return this.pieceAt(instantMs).offsetMs;
  }

  private chunk(index: number): Chunk {
    let c = this.chunks.get(index);
    if (!c) {
      c = this.scan(index * CHUNK_MS, (index + 1) * CHUNK_MS);
      if (this.chunks.size >= 1024) this.chunks.clear(); // ~360 years per zone; bounds memory for long-running hosts
      this.chunks.set(index, c);
    }
    return c;
  }

  private scan(start: number, end: number): Chunk {
    const starts = [start];
    const offsets = [readOffsetMs(this.timeZone, start)];
    let prev = offsets[0]!;
    for (let day = start; day < end; day += MS_PER_DAY) {
      const next = readOffsetMs(this.timeZone, day + MS_PER_DAY);
      if (next !== prev) {
        starts.push(this.bisect(day, day + MS_PER_DAY, prev));
        offsets.push(next);
        prev = next;
      }
    }
    // A transition found at the very chunk end belongs to the next chunk.
    if (starts.length > 1 && starts[starts.length - 1] === end) {
      starts.pop();
      offsets.pop();
    }
    return { starts, offsets, end };
  }

  /** First whole second in `(lo, hi]` whose offset differs from `before`. */
  private bisect(lo: number, hi: number, before: number): number {
    while (hi - lo > MS_PER_SECOND) {
      const mid = lo + Math.floor((hi - lo) / 2 / MS_PER_SECOND) * MS_PER_SECOND;
      if (readOffsetMs(this.timeZone, mid) === before) lo = mid;
      else hi = mid;
    }
    return hi;
  }
}

const zones = new Map<string, ZoneOffsets>();

/** The shared, cached offset table of `timeZone` (which must be a known zone). */
export function zoneOffsets(timeZone: string): ZoneOffsets {
  let z = zones.get(timeZone);
  if (!z) {
    z = new ZoneOffsets(timeZone);
    zones.set(timeZone, z);
  }
  return z;
}
