import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { CalendarEvent, EventFields } from '../../api/types';
import { Dialog } from '../../components/dialog';
import { CheckboxField, Field, SelectField, Spinner } from '../../components/ui';
import { useAction } from '../../components/use-action';
import { useI18n, type ErrorOverrides } from '../../i18n/i18n';
import { addDaysToKey, dayKey, timeOf } from './calendar-dates';

/** On an event, 412 means someone changed it since it was opened. */
export const EVENT_ERRORS: ErrorOverrides = { PRECONDITION_FAILED: 'calendar.changedMeanwhile' };

/** The repetitions the form offers; another rule read from a device is kept as it is. */
const REPEATS = [
  { rrule: '', label: 'calendar.repeat.none' },
  { rrule: 'FREQ=DAILY', label: 'calendar.repeat.daily' },
  { rrule: 'FREQ=WEEKLY', label: 'calendar.repeat.weekly' },
  { rrule: 'FREQ=MONTHLY', label: 'calendar.repeat.monthly' },
  { rrule: 'FREQ=YEARLY', label: 'calendar.repeat.yearly' },
] as const;

interface EventForm {
  summary: string;
  allDay: boolean;
  startDate: string;
  startTime: string;
  /** For all-day events, the last day (the API takes the day after). */
  endDate: string;
  endTime: string;
  location: string;
  rrule: string;
}

function newForm(day: string): EventForm {
  return {
    summary: '',
    allDay: false,
    startDate: day,
    startTime: '09:00',
    endDate: day,
    endTime: '10:00',
    location: '',
    rrule: '',
  };
}

function formOf(event: CalendarEvent): EventForm {
  const base = {
    summary: event.summary ?? '',
    location: event.location ?? '',
    rrule: event.rrule ?? '',
  };
  if (event.allDay && event.start && event.end) {
    return {
      ...base,
      allDay: true,
      startDate: event.start,
      startTime: '09:00',
      endDate: addDaysToKey(event.end, -1),
      endTime: '10:00',
    };
  }
  const start = event.start ? new Date(event.start) : new Date();
  const end = event.end ? new Date(event.end) : start;
  return {
    ...base,
    allDay: false,
    startDate: dayKey(start),
    startTime: timeOf(start),
    endDate: dayKey(end),
    endTime: timeOf(end),
  };
}

/** The browser's IANA time zone (`Europe/Paris`), or null when it does not say. */
function browserTimeZone(): string | null {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && zone !== 'Etc/Unknown' ? zone : null;
  } catch {
    return null;
  }
}

/** The API's fields of a form, or null when a date or time is missing. */
function fieldsOf(form: EventForm): EventFields | null {
  const common = {
    summary: form.summary.trim(),
    allDay: form.allDay,
    location: form.location.trim() || null,
    rrule: form.rrule || null,
  };
  if (form.allDay) {
    if (!form.startDate || !form.endDate) return null;
    return { ...common, start: form.startDate, end: addDaysToKey(form.endDate, 1) };
  }
  // Without an offset, a date-time reads as the browser's local time.
  const start = new Date(`${form.startDate}T${form.startTime}`);
  const end = new Date(`${form.endDate}T${form.endTime}`);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return null;
  // Written in the browser's zone, so a weekly 18:00 stays at 18:00 after the clocks change.
  const timeZone = browserTimeZone();
  return {
    ...common,
    start: start.toISOString(),
    end: end.toISOString(),
    ...(timeZone ? { timeZone } : {}),
  };
}

interface EventDialogProps {
  householdId: string;
  calendarId: string;
  /** The event to change; absent: a new one, on `day`. */
  eventId?: string;
  day: string;
  onSaved(summary: string): void;
  onDelete(event: CalendarEvent): void;
  onClose(): void;
}

/** Creates or changes an event: title, times or days, place and repetition. */
export function EventDialog({
  householdId,
  calendarId,
  eventId,
  day,
  onSaved,
  onDelete,
  onClose,
}: EventDialogProps) {
  const { t, errorText } = useI18n();
  const [event, setEvent] = useState<CalendarEvent | null>(null);
  const [form, setForm] = useState<EventForm>(() => newForm(day));
  const [loadError, setLoadError] = useState<string | null>(null);
  const action = useAction(EVENT_ERRORS);
  const { setError } = action;

  const load = useCallback(async () => {
    if (!eventId) return;
    try {
      const found = await api.event(householdId, calendarId, eventId);
      setEvent(found);
      setForm(formOf(found));
      setLoadError(null);
      setError(null);
    } catch (caught) {
      setLoadError(errorText(caught, EVENT_ERRORS));
    }
  }, [householdId, calendarId, eventId, errorText, setError]);

  useEffect(() => {
    void load();
  }, [load]);

  const set = (changes: Partial<EventForm>) => setForm((current) => ({ ...current, ...changes }));

  const submit = async () => {
    const fields = fieldsOf(form);
    if (!fields) {
      action.setError(t('calendar.datesMissing'));
      return;
    }
    const ok = await action.run(() =>
      event
        ? api.updateEvent(householdId, calendarId, event.id, fields, event.etag)
        : api.createEvent(householdId, calendarId, fields),
    );
    if (ok) onSaved(fields.summary);
  };

  const editing = eventId !== undefined;
  const loading = editing && !event;
  const custom = form.rrule !== '' && !REPEATS.some((repeat) => repeat.rrule === form.rrule);
  return (
    <Dialog
      title={editing ? t('calendar.editTitle') : t('calendar.newTitle')}
      submitLabel={editing ? t('calendar.save') : t('calendar.create')}
      busy={action.busy || loading}
      error={action.error ?? loadError}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      {action.error && action.code === 'PRECONDITION_FAILED' ? (
        <p>
          <button type="button" onClick={() => void load()}>
            {t('calendar.reload')}
          </button>
        </p>
      ) : null}
      {loading ? (
        loadError ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : (
        <>
          <Field
            label={t('calendar.summary')}
            name="summary"
            autoComplete="off"
            required
            value={form.summary}
            onChange={(change) => set({ summary: change.target.value })}
          />
          <CheckboxField
            label={t('calendar.allDay')}
            checked={form.allDay}
            onChange={(change) => set({ allDay: change.target.checked })}
          />
          <div className="event-times">
            <Field
              label={t('calendar.startDate')}
              type="date"
              required
              value={form.startDate}
              onChange={(change) => set({ startDate: change.target.value })}
            />
            {form.allDay ? null : (
              <Field
                label={t('calendar.startTime')}
                type="time"
                required
                value={form.startTime}
                onChange={(change) => set({ startTime: change.target.value })}
              />
            )}
          </div>
          <div className="event-times">
            <Field
              label={form.allDay ? t('calendar.lastDay') : t('calendar.endDate')}
              type="date"
              required
              value={form.endDate}
              onChange={(change) => set({ endDate: change.target.value })}
            />
            {form.allDay ? null : (
              <Field
                label={t('calendar.endTime')}
                type="time"
                required
                value={form.endTime}
                onChange={(change) => set({ endTime: change.target.value })}
              />
            )}
          </div>
          <Field
            label={t('calendar.location')}
            name="location"
            autoComplete="off"
            value={form.location}
            onChange={(change) => set({ location: change.target.value })}
          />
          <SelectField
            label={t('calendar.repeat')}
            value={form.rrule}
            onChange={(change) => set({ rrule: change.target.value })}
          >
            {REPEATS.map((repeat) => (
              <option key={repeat.rrule} value={repeat.rrule}>
                {t(repeat.label)}
              </option>
            ))}
            {custom ? <option value={form.rrule}>{t('calendar.repeat.custom')}</option> : null}
          </SelectField>
          {event?.rrule ? <p className="hint">{t('calendar.seriesHint')}</p> : null}
          {event ? (
            <p>
              <button type="button" className="danger-link" onClick={() => onDelete(event)}>
                {t('calendar.delete')}
              </button>
            </p>
          ) : null}
        </>
      )}
    </Dialog>
  );
}

/** Asks before deleting an event, every occurrence of it. */
export function DeleteEventDialog({
  householdId,
  calendarId,
  event,
  onDeleted,
  onClose,
}: {
  householdId: string;
  calendarId: string;
  event: CalendarEvent;
  onDeleted(summary: string): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  const action = useAction(EVENT_ERRORS);
  const name = event.summary ?? t('calendar.untitled');
  return (
    <Dialog
      title={t('calendar.deleteTitle', { name })}
      submitLabel={t('calendar.deleteConfirm')}
      busy={action.busy}
      error={action.error}
      danger
      onSubmit={() =>
        void action
          .run(() => api.deleteEvent(householdId, calendarId, event.id, event.etag))
          .then((ok) => ok && onDeleted(name))
      }
      onClose={onClose}
    >
      <p>{event.rrule ? t('calendar.deleteRecurring') : t('calendar.deleteBody')}</p>
    </Dialog>
  );
}
