import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { Calendar, CalendarEvent, Occurrence } from '../../api/types';
import { ErrorAlert } from '../../components/forms';
import { Alert, PageHeading, SelectField, Spinner } from '../../components/ui';
import { useI18n } from '../../i18n/i18n';
import { useHousehold } from '../household-layout';
import { addDays, dayKey, daysOf, monthGrid, monthKey, monthStart } from './calendar-dates';
import { DeleteEventDialog, EventDialog } from './event-dialog';

type Editing =
  | { kind: 'new'; day: string }
  | { kind: 'edit'; eventId: string; day: string }
  | { kind: 'delete'; event: CalendarEvent };

/** A household calendar, a month at a time: each event on every day it happens. */
export function CalendarPage() {
  const { t, language, errorText } = useI18n();
  const { household, readOnly } = useHousehold();
  const [params, setParams] = useSearchParams();
  const [calendars, setCalendars] = useState<Calendar[] | null>(null);
  const [calendarId, setCalendarId] = useState('');
  /** The instances of one calendar and month: another's are never shown as this one's. */
  const [loaded, setLoaded] = useState<{ key: string; items: Occurrence[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);

  const today = dayKey(new Date());
  const first = monthStart(params.get('month')) ?? monthStart(today.slice(0, 7)) ?? new Date();
  const month = monthKey(first);
  const weeks = useMemo(() => monthGrid(monthStart(month) ?? new Date()), [month]);
  const shown = `${calendarId}/${month}`;
  const occurrences = loaded?.key === shown ? loaded.items : null;
  /** What is on screen now, so an answer for a month left meanwhile is dropped. */
  const showing = useRef(shown);
  showing.current = shown;

  useEffect(() => {
    api
      .calendars(household.id)
      .then((found) => {
        const events = found.filter(
          (calendar) => calendar.components.length === 0 || calendar.components.includes('VEVENT'),
        );
        setCalendars(events);
        // The household's shared calendar first: the one the family fills together.
        setCalendarId((events.find((item) => item.ownerUserId === null) ?? events[0])?.id ?? '');
      })
      .catch((caught: unknown) => setError(errorText(caught)));
  }, [household.id, errorText]);

  const load = useCallback(async () => {
    if (!calendarId) return;
    // Every day the grid shows, the days around the month included.
    const from = weeks[0][0];
    const to = addDays(weeks[weeks.length - 1][6], 1);
    const key = `${calendarId}/${monthKey(weeks[1][0])}`;
    try {
      const found = await api.occurrences(household.id, calendarId, from, to);
      if (showing.current !== key) return;
      setLoaded({ key, items: found.items });
      setError(null);
    } catch (caught) {
      if (showing.current === key) setError(errorText(caught));
    }
  }, [household.id, calendarId, weeks, errorText]);

  useEffect(() => {
    void load();
  }, [load]);

  const byDay = useMemo(() => {
    const days = new Map<string, Occurrence[]>();
    for (const occurrence of occurrences ?? []) {
      for (const day of daysOf(occurrence)) days.set(day, [...(days.get(day) ?? []), occurrence]);
    }
    return days;
  }, [occurrences]);

  const formats = useMemo(
    () => ({
      month: new Intl.DateTimeFormat(language, { month: 'long', year: 'numeric' }),
      weekday: new Intl.DateTimeFormat(language, { weekday: 'short' }),
      weekdayLong: new Intl.DateTimeFormat(language, { weekday: 'long' }),
      day: new Intl.DateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long' }),
      time: new Intl.DateTimeFormat(language, { timeStyle: 'short' }),
    }),
    [language],
  );

  const go = (next: Date) => setParams({ month: monthKey(next) }, { replace: false });
  const calendar = calendars?.find((item) => item.id === calendarId);
  const writable = !readOnly && (calendar?.writable ?? false);
  const inMonth = (date: Date) => date.getMonth() === first.getMonth();
  const monthHasEvents = weeks.some((week) =>
    week.some((date) => inMonth(date) && byDay.has(dayKey(date))),
  );
  const done = (message: string) => {
    setEditing(null);
    setNotice(message);
    void load();
  };

  return (
    <>
      <PageHeading title={`${t('calendar.title')} · ${household.name}`}>
        {t('calendar.title')}
      </PageHeading>
      {notice ? <Alert kind="success">{notice}</Alert> : null}
      <ErrorAlert error={error} />
      {calendars === null ? (
        error ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : calendars.length === 0 ? (
        <p className="muted">{t('calendar.none')}</p>
      ) : (
        <section className="card calendar" aria-labelledby="calendar-month">
          <div className="calendar-tools">
            <h2 id="calendar-month" aria-live="polite">
              {formats.month.format(first)}
            </h2>
            <div className="row-actions">
              <button
                type="button"
                aria-label={t('calendar.previous')}
                onClick={() => go(new Date(first.getFullYear(), first.getMonth() - 1, 1))}
              >
                <span aria-hidden="true">‹</span>
              </button>
              <button type="button" onClick={() => go(new Date())}>
                {t('calendar.today')}
              </button>
              <button
                type="button"
                aria-label={t('calendar.next')}
                onClick={() => go(new Date(first.getFullYear(), first.getMonth() + 1, 1))}
              >
                <span aria-hidden="true">›</span>
              </button>
            </div>
            {calendars.length > 1 ? (
              <SelectField
                label={t('calendar.which')}
                value={calendarId}
                onChange={(event) => setCalendarId(event.target.value)}
              >
                {calendars.map((item) => (
                  <option key={item.id} value={item.id}>
                    {item.displayName}
                  </option>
                ))}
              </SelectField>
            ) : null}
            {writable ? (
              <button
                type="button"
                className="primary"
                onClick={() =>
                  setEditing({
                    kind: 'new',
                    day: today.startsWith(month) ? today : dayKey(first),
                  })
                }
              >
                {t('calendar.new')}
              </button>
            ) : null}
          </div>
          {occurrences === null ? (
            <Spinner label={t('app.loading')} />
          ) : (
            <>
              {monthHasEvents ? null : <p className="muted">{t('calendar.empty')}</p>}
              <table className="month">
                <caption className="visually-hidden">{formats.month.format(first)}</caption>
                <thead>
                  <tr>
                    {weeks[0].map((date) => (
                      <th key={date.getDay()} scope="col">
                        <abbr title={formats.weekdayLong.format(date)}>
                          {formats.weekday.format(date)}
                        </abbr>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {weeks.map((week) => (
                    <tr key={dayKey(week[0])}>
                      {week.map((date) => {
                        const key = dayKey(date);
                        const events = byDay.get(key) ?? [];
                        const classes = [
                          'day',
                          inMonth(date) ? '' : 'day-outside',
                          events.length ? '' : 'day-empty',
                          key === today ? 'day-today' : '',
                        ];
                        return (
                          <td
                            key={key}
                            data-date={key}
                            className={classes.filter(Boolean).join(' ')}
                            aria-current={key === today ? 'date' : undefined}
                          >
                            <span className="day-number" aria-hidden="true">
                              {date.getDate()}
                            </span>
                            <span className="day-long">{formats.day.format(date)}</span>
                            {events.length ? (
                              <ul className="day-events">
                                {events.map((occurrence) => (
                                  <li key={`${occurrence.id}-${occurrence.start}`}>
                                    <EventChip
                                      occurrence={occurrence}
                                      time={
                                        occurrence.allDay
                                          ? null
                                          : formats.time.format(new Date(occurrence.start))
                                      }
                                      onOpen={
                                        writable
                                          ? () =>
                                              setEditing({
                                                kind: 'edit',
                                                eventId: occurrence.id,
                                                day: key,
                                              })
                                          : undefined
                                      }
                                    />
                                  </li>
                                ))}
                              </ul>
                            ) : null}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
      {editing && editing.kind !== 'delete' ? (
        <EventDialog
          householdId={household.id}
          calendarId={calendarId}
          eventId={editing.kind === 'edit' ? editing.eventId : undefined}
          day={editing.day}
          onSaved={(summary) =>
            done(
              t(editing.kind === 'edit' ? 'calendar.saved' : 'calendar.created', {
                name: summary,
              }),
            )
          }
          onDelete={(event) => setEditing({ kind: 'delete', event })}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {editing?.kind === 'delete' ? (
        <DeleteEventDialog
          householdId={household.id}
          calendarId={calendarId}
          event={editing.event}
          onDeleted={(name) => done(t('calendar.deleted', { name }))}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

function EventChip({
  occurrence,
  time,
  onOpen,
}: {
  occurrence: Occurrence;
  time: string | null;
  onOpen?: () => void;
}) {
  const { t } = useI18n();
  const name = occurrence.summary ?? t('calendar.untitled');
  const content = (
    <>
      {time ? <span className="event-time">{time}</span> : null}{' '}
      <span className="event-summary">{name}</span>
      {occurrence.location ? (
        <span className="visually-hidden">, {occurrence.location}</span>
      ) : null}
    </>
  );
  return onOpen ? (
    // The title shows a long name a narrow day cuts short.
    <button type="button" className="event-chip" title={name} onClick={onOpen}>
      {content}
    </button>
  ) : (
    <span className="event-chip" title={name}>
      {content}
    </span>
  );
}
