/** Dates of the month view, in the browser's time zone: days are `YYYY-MM-DD` keys. */

const DAY_MS = 24 * 3600 * 1000;

const pad = (value: number): string => String(value).padStart(2, '0');

/** The local day of a Date, as `YYYY-MM-DD`. */
export function dayKey(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight of a `YYYY-MM-DD` key. */
export function dateOfKey(key: string): Date {
  const [year, month, day] = key.split('-').map(Number);
  return new Date(year, month - 1, day);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

export function addDaysToKey(key: string, days: number): string {
  return dayKey(addDays(dateOfKey(key), days));
}

/** `YYYY-MM` of a Date. */
export function monthKey(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
}

/** The first day of a `YYYY-MM` month, or null when it is not one. */
export function monthStart(key: string | null): Date | null {
  const match = key ? /^(\d{4})-(\d{2})$/.exec(key) : null;
  if (!match) return null;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return null;
  return new Date(Number(match[1]), month - 1, 1);
}

/** The weeks (Monday first) that show a month: its days, and those around it that fill them. */
export function monthGrid(first: Date): Date[][] {
  const start = addDays(first, -((first.getDay() + 6) % 7));
  const last = new Date(first.getFullYear(), first.getMonth() + 1, 0);
  const weeks: Date[][] = [];
  for (let day = start; day <= last;) {
    const week: Date[] = [];
    for (let i = 0; i < 7; i++) {
      week.push(day);
      day = addDays(day, 1);
    }
    weeks.push(week);
  }
  return weeks;
}

/**
 * The days an instance shows on. All-day instances come as UTC midnights of their dates (rounded,
 * in case the server counts them in its own zone), the end excluded; timed ones span the local
 * days they overlap.
 */
export function daysOf(occurrence: { start: string; end: string; allDay: boolean }): string[] {
  const days: string[] = [];
  if (occurrence.allDay) {
    const date = (iso: string) =>
      new Date(Math.round(new Date(iso).getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
    const end = date(occurrence.end);
    for (let key = date(occurrence.start); key < end && days.length < 400;) {
      days.push(key);
      key = addDaysToKey(key, 1);
    }
    return days.length ? days : [date(occurrence.start)];
  }
  const start = new Date(occurrence.start);
  const end = new Date(occurrence.end).getTime();
  for (
    let day = new Date(start.getFullYear(), start.getMonth(), start.getDate());
    day.getTime() < end && days.length < 400;
    day = addDays(day, 1)
  ) {
    days.push(dayKey(day));
  }
  return days.length ? days : [dayKey(start)];
}

/** `HH:MM` of a Date, local, as a time input takes it. */
export function timeOf(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
