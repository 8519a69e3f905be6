"""Drives Foyer with Debian's python3-caldav, as a person's script would; prints JSON.

Usage: /usr/bin/python3 python-caldav-client.py <context-root-url> <email> <app-password>
"""
import json
import sys
from datetime import datetime, timezone

import caldav

url, username, password = sys.argv[1:4]
out = {}

client = caldav.DAVClient(url=url, username=username, password=password)
principal = client.principal()
out["principal"] = str(principal.url)
calendars = principal.calendars()
out["calendars"] = sorted(str(c.url) for c in calendars)
family = next(c for c in calendars if str(c.url).endswith("/family/"))

made = principal.make_calendar(name="Homework", cal_id="homework")
out["made"] = str(made.url)
out["calendarsAfterMake"] = len(principal.calendars())

PIANO = "\r\n".join([
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//python-caldav test//EN",
    "BEGIN:VEVENT",
    "UID:piano-lessons",
    "DTSTAMP:20260101T000000Z",
    "DTSTART:20260302T170000Z",
    "DTEND:20260302T180000Z",
    "RRULE:FREQ=WEEKLY;COUNT=10",
    "EXDATE:20260316T170000Z",
    "SUMMARY:Piano",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:piano-lessons",
    "DTSTAMP:20260101T000000Z",
    "RECURRENCE-ID:20260323T170000Z",
    "DTSTART:20260324T170000Z",
    "DTEND:20260324T180000Z",
    "SUMMARY:Piano (moved)",
    "END:VEVENT",
    "END:VCALENDAR",
    "",
])
DENTIST = "\r\n".join([
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//python-caldav test//EN",
    "BEGIN:VEVENT",
    "UID:dentist",
    "DTSTAMP:20260101T000000Z",
    "DTSTART:20260311T090000Z",
    "DTEND:20260311T093000Z",
    "SUMMARY:Dentist",
    "END:VEVENT",
    "END:VCALENDAR",
    "",
])
piano = family.save_event(PIANO)
family.save_event(DENTIST)

start = datetime(2026, 3, 9, tzinfo=timezone.utc)
end = datetime(2026, 3, 28, tzinfo=timezone.utc)


def instances(results):
    found = []
    for result in results:
        for component in result.icalendar_instance.walk("VEVENT"):
            found.append([
                component["DTSTART"].dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                str(component["SUMMARY"]),
            ])
    return sorted(found)


out["expanded"] = instances(family.search(start=start, end=end, event=True, expand=True))
out["dateSearch"] = sorted(
    str(r.icalendar_instance.walk("VEVENT")[0]["UID"])
    for r in family.date_search(start=start, end=end, expand=False)
)
# A week with only the excluded instance: nothing.
out["excludedWeek"] = len(
    family.search(
        start=datetime(2026, 3, 16, tzinfo=timezone.utc),
        end=datetime(2026, 3, 17, tzinfo=timezone.utc),
        event=True,
        expand=False,
    )
)
out["byUid"] = str(family.event_by_uid("dentist").icalendar_instance.walk("VEVENT")[0]["SUMMARY"])

piano.delete()
out["afterDelete"] = sorted(
    str(e.icalendar_instance.walk("VEVENT")[0]["UID"]) for e in family.events()
)
made.delete()
out["calendarsAfterDelete"] = len(principal.calendars())
print(json.dumps(out))
