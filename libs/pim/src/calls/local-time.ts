/**
 * Operators write call times as wall-clock times without an offset. They are read in the zone
 * the caller names (an IANA zone such as `Europe/Paris`); `Intl` knows each zone's offsets, so
 * no time-zone table is bundled here.
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Whether `Intl` knows the zone (an unknown one throws in the DateTimeFormat constructor). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const part = (type: string): number =>
    Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time names in a zone. Twice round, because the offset at the naive
 * guess can differ from the offset at the answer near a DST change; a time that does not exist
 * (skipped by spring-forward) lands one hour later, an ambiguous one on its first occurrence.
 */
export function wallClockToInstant(clock: WallClock, zone: string): Date {
  const naive = Date.UTC(
    clock.year,
    clock.month - 1,
    clock.day,
    clock.hour,
    clock.minute,
    clock.second,
  );
  let instant = naive - offsetAt(naive, zone);
  instant = naive - offsetAt(instant, zone);
  return new Date(instant);
}
