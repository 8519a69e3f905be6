/** A half-open interval of instants, `[start, end)`, as CalDAV's time-range filter reads it. */
export interface TimeRange {
  start: Date;
  end: Date;
}

/**
 * RFC 4791 §9.9: an instance overlaps the range when it starts before the range ends and ends
 * after the range starts; an instance of no duration overlaps when it starts inside the range.
 */
export function overlaps(start: number, end: number, range: TimeRange): boolean {
  const from = range.start.getTime();
  const to = range.end.getTime();
  if (end > start) return start < to && end > from;
  return start < to && start >= from;
}
