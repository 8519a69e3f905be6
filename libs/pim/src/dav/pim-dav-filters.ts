import { ICAL, IcalComponent } from '../model/ical';
import { matchesTimeRange } from '../model/icalendar';
import type { CompFilter, PropFilter, TextMatch } from './pim-dav-requests';

/** RFC 4790 collations: i;octet compares bytes, the casemaps compare lower case. */
export function textMatches(value: string, match: TextMatch): boolean {
  const fold = match.collation !== 'i;octet';
  const haystack = fold ? value.toLowerCase() : value;
  const needle = fold ? match.text.toLowerCase() : match.text;
  let result: boolean;
  switch (match.matchType) {
    case 'equals':
      result = haystack === needle;
      break;
    case 'starts-with':
      result = haystack.startsWith(needle);
      break;
    case 'ends-with':
      result = haystack.endsWith(needle);
      break;
    default:
      result = haystack.includes(needle);
  }
  return match.negate ? !result : result;
}

function propFilterMatches(component: IcalComponent, filter: PropFilter): boolean {
  const properties = component.getAllProperties(filter.name.toLowerCase());
  if (filter.isNotDefined) return properties.length === 0;
  if (properties.length === 0) return false;
  if (filter.textMatches.length === 0) return true;
  const values = properties.map((property) =>
    property
      .getValues()
      .map((value: unknown) => String(value))
      .join(','),
  );
  const one = (match: TextMatch) => values.some((value) => textMatches(value, match));
  return filter.test === 'allOf' ? filter.textMatches.every(one) : filter.textMatches.some(one);
}

function compFilterMatches(
  component: IcalComponent,
  filter: CompFilter,
  content: string,
  depth: number,
): boolean {
  const found = component.getAllSubcomponents(filter.name.toLowerCase());
  if (filter.isNotDefined) return found.length === 0;
  if (found.length === 0) return false;
  // The object's own components: instances are expanded over the whole object (overrides
  // included). Deeper time-ranges (VALARM triggers) are not evaluated and match.
  if (filter.timeRange && depth === 1) {
    const range = {
      start: filter.timeRange.start ?? new Date(-8.64e15),
      end: filter.timeRange.end ?? new Date(8.64e15),
    };
    if (!matchesTimeRange(content, range)) return false;
  }
  return found.some(
    (sub) =>
      filter.propFilters.every((p) => propFilterMatches(sub, p)) &&
      filter.compFilters.every((c) => compFilterMatches(sub, c, content, depth + 1)),
  );
}

/**
 * RFC 4791 §9.7: whether a stored calendar object passes a calendar-query filter (the
 * VCALENDAR comp-filter). The candidates were prefiltered by component and time range.
 */
export function calendarFilterMatches(content: string, filter: CompFilter): boolean {
  // Stored text was validated when written (time ranges are bounded in matchesTimeRange);
  // the rest of the filter walks components and properties, which the text limits bound.
  const root = new ICAL.Component(ICAL.parse(content) as unknown[]);
  return (
    filter.propFilters.every((p) => propFilterMatches(root, p)) &&
    filter.compFilters.every((c) => compFilterMatches(root, c, content, 1))
  );
}
