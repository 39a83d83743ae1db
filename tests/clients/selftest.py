#!/usr/bin/env python3
"""Shows that check_published.py fails on what it exists to catch: each broken file below,
alone in a folder, must make it exit 1 with the expected words, and the good files must pass.

    python3 tests/clients/selftest.py
"""

import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
CHECK = HERE / "check_published.py"


def ics(*event_lines):
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        "BEGIN:VEVENT",
        "UID:a/b@example.gov.uk",
        "DTSTAMP:20240710T000000Z",
        "SUMMARY:A meeting",
        "URL:https://example.gov.uk/a/b/",
        *event_lines,
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


GOOD_EVENT = ("DTSTART:20240718T170000Z", "STATUS:CONFIRMED", "SEQUENCE:0")

ATOM_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>https://example.gov.uk/</id>
<updated>2024-07-10T00:00:00Z</updated>
<entry><title>E</title><id>https://example.gov.uk/e/</id><link href="https://example.gov.uk/e/"/>
<updated>2024-07-10T00:00:00Z</updated></entry></feed>
"""

SCHEMA = b"""{"$schema": "https://json-schema.org/draft/2020-12/schema",
 "type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}"""

CASES = [
    # (what, files, arguments, expected words or None for a pass)
    ("a good calendar", {"m.ics": ics(*GOOD_EVENT)}, [], None),
    ("a local time", {"m.ics": ics("DTSTART:20240718T180000", "STATUS:CONFIRMED")}, [], "not in UTC"),
    (
        "a cancelled event that kept its sequence",
        {"m.ics": ics("DTSTART:20240718T170000Z", "STATUS:CANCELLED", "SEQUENCE:0")},
        [],
        "SEQUENCE 0",
    ),
    (
        "an all-day event of no length",
        {"m.ics": ics("DTSTART;VALUE=DATE:20240718", "DTEND;VALUE=DATE:20240718", "STATUS:CONFIRMED")},
        [],
        "should end the next day",
    ),
    ("bare line feeds", {"m.ics": ics(*GOOD_EVENT).replace(b"\r\n", b"\n")}, [], "CRLF"),
    ("no UID", {"m.ics": ics(*GOOD_EVENT).replace(b"UID:a/b@example.gov.uk\r\n", b"")}, [], "no UID"),
    (
        "two calendars that disagree",
        {"a.ics": ics(*GOOD_EVENT), "b.ics": ics("DTSTART:20240718T180000Z", "STATUS:CONFIRMED")},
        [],
        "but a.ics says",
    ),
    ("a good feed", {"feed.xml": ATOM_FEED}, [], None),
    ("a feed that is a web page", {"feed.xml": b"<!doctype html><html><body>Feed</body></html>"}, [], "not an Atom feed"),
    ("a broken feed", {"feed.xml": ATOM_FEED.replace(b"</feed>", b"")}, [], "feedparser finds a fault"),
    (
        "open data against its schema",
        {"schemas/meeting.schema.json": SCHEMA, "x/meeting.json": b'{"name": "A"}'},
        [],
        None,
    ),
    (
        "open data that breaks its schema",
        {"schemas/meeting.schema.json": SCHEMA, "x/meeting.json": b'{"name": 3}'},
        [],
        "name: 3 is not of type 'string'",
    ),
    (
        "open data in the wrong offset for summer",
        {"x/meeting.json": b'{"classification": "committee-meeting", "id": "https://example.gov.uk/a/b/", "start_date": "2024-07-18T18:00:00+00:00"}'},
        [],
        "wrong offset for UK time",
    ),
    (
        "open data that disagrees with its calendar",
        {
            "x/meeting.json": b'{"classification": "committee-meeting", "id": "https://example.gov.uk/a/b/", "start_date": "2024-07-18T19:00:00+01:00"}',
            "x/meeting.ics": ics(*GOOD_EVENT),
        },
        [],
        "is not x/meeting.ics's DTSTART",
    ),
    (
        "open data that agrees with its calendar",
        {
            "x/meeting.json": b'{"classification": "committee-meeting", "id": "https://example.gov.uk/a/b/", "start_date": "2024-07-18T18:00:00+01:00"}',
            "x/meeting.ics": ics(*GOOD_EVENT),
        },
        [],
        None,
    ),
    ("JSON that is not JSON", {"x/meeting.json": b'{"name": NaN}'}, [], "not JSON"),
    ("an exempt canary", {"a.html": b"EXEMPTDUTIES"}, ["--forbid", "EXEMPTDUTIES"], "forbidden text"),
    ("no calendars where some are required", {"a.html": b""}, ["--require", "calendars"], "no calendars"),
]


def main():
    failures = 0
    for what, files, arguments, expected in CASES:
        with tempfile.TemporaryDirectory() as folder:
            root = pathlib.Path(folder)
            for name, content in files.items():
                (root / name).parent.mkdir(parents=True, exist_ok=True)
                (root / name).write_bytes(content)
            run = subprocess.run(
                [sys.executable, str(CHECK), str(root), *arguments],
                capture_output=True,
                text=True,
            )
        if expected is None:
            ok = run.returncode == 0
        else:
            ok = run.returncode == 1 and expected in run.stderr
        if not ok:
            failures += 1
            print(f"FAILED {what}: exit {run.returncode}\n{run.stdout}{run.stderr}")
    passed = len(CASES) - failures
    print(f"check_published: {passed} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
