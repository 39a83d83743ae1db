#!/usr/bin/env python3
"""Reads a built site's published files with the clients people use, and fails loudly on any
file a client cannot read.

    python3 tests/clients/check_published.py OUTPUT [--require calendars,feeds,open-data]
                                                    [--forbid TEXT ...]

- every `.ics` file with Python's `icalendar`: each event has a UID, DTSTAMP, DTSTART and
  SUMMARY; a timed event is in UTC, an all-day one a date ending the next day; STATUS is
  CONFIRMED or CANCELLED, a cancelled event has a SEQUENCE above 0; no line is longer than 75
  octets or ends without CRLF; a UID says the same of its meeting in every calendar it is in;
  and a meeting's open-data start (UK time with an offset) is its calendar DTSTART, with the
  offset Python's own time zone data gives for Europe/London;
- every Atom feed (`feed.xml`, a `.atom` file, or a `.xml` file whose root is an Atom `feed`)
  with `feedparser`, which must read it as Atom 1.0 and find no fault in it, with a title, id,
  link and updated date on every entry; a `feed.xml` that is not Atom is a problem;
- every `.json` file as strict JSON, and each one named like a schema that the site publishes
  in `schemas/` (`meeting.json` and `schemas/meeting.schema.json`) against that schema with
  `jsonschema` (draft 2020-12, formats checked);
- with `--forbid`, that no published file contains the text (exempt canaries).

`--require` fails when no file of a kind was found, so a site that should publish calendars
cannot pass by publishing none. Exit code 1 on any problem, after listing them all.
"""

import argparse
import datetime
import json
import pathlib
import sys
import zoneinfo

import feedparser
import icalendar
import jsonschema

ATOM = "http://www.w3.org/2005/Atom"
LONDON = zoneinfo.ZoneInfo("Europe/London")
KINDS = ("calendars", "feeds", "open-data")


class Report:
    def __init__(self):
        self.problems = []
        self.counts = {"calendars": 0, "events": 0, "feeds": 0, "entries": 0, "open-data": 0}
        # A calendar event's start by its URL, and an open-data event's by its id, to compare.
        self.starts = {}
        self.data_starts = []

    def fail(self, path, message):
        self.problems.append(f"{path}: {message}")


def check_lines(path, raw, report):
    if not raw.endswith(b"\r\n"):
        report.fail(path, "the last line does not end with CRLF")
    for number, line in enumerate(raw.split(b"\r\n"), start=1):
        if b"\n" in line or b"\r" in line:
            report.fail(path, f"line {number} has a bare line break")
        if len(line) > 75:
            report.fail(path, f"line {number} is {len(line)} octets, more than 75")


def check_event(path, event, report):
    for key in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
        if event.get(key) is None:
            report.fail(path, f"an event has no {key}")
            return None
    uid = str(event["UID"])
    start = event.decoded("DTSTART")
    end = event.decoded("DTEND") if event.get("DTEND") is not None else None
    if isinstance(start, datetime.datetime):
        if start.utcoffset() != datetime.timedelta(0):
            report.fail(path, f"{uid}: DTSTART {start} is not in UTC")
        if end is not None and end <= start:
            report.fail(path, f"{uid}: DTEND {end} is not after DTSTART {start}")
    else:
        if end != start + datetime.timedelta(days=1):
            report.fail(path, f"{uid}: an all-day event should end the next day, not {end}")
    status = str(event.get("STATUS", ""))
    sequence = int(event.get("SEQUENCE", 0))
    if status not in ("CONFIRMED", "CANCELLED"):
        report.fail(path, f"{uid}: STATUS is {status!r}")
    if status == "CANCELLED" and sequence < 1:
        report.fail(path, f"{uid}: a cancelled event has SEQUENCE {sequence}")
    if event.get("URL") is None:
        report.fail(path, f"{uid}: no URL")
    else:
        report.starts.setdefault(str(event["URL"]), (path, start))
    return uid, (str(start), str(end), status, sequence, str(event.get("SUMMARY")))


def check_calendar(path, raw, report, seen):
    check_lines(path, raw, report)
    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except Exception as error:  # the client's own words
        report.fail(path, f"icalendar cannot read it: {error}")
        return
    if calendar.name != "VCALENDAR":
        report.fail(path, f"the file is a {calendar.name}, not a VCALENDAR")
    for key in ("VERSION", "PRODID"):
        if calendar.get(key) is None:
            report.fail(path, f"the calendar has no {key}")
    events = list(calendar.walk("VEVENT"))
    if not events:
        report.fail(path, "the calendar has no events")
    uids = set()
    for event in events:
        checked = check_event(path, event, report)
        if checked is None:
            continue
        uid, facts = checked
        if uid in uids:
            report.fail(path, f"{uid} appears twice")
        uids.add(uid)
        if uid in seen and seen[uid][1] != facts:
            report.fail(path, f"{uid} says {facts}, but {seen[uid][0]} says {seen[uid][1]}")
        seen.setdefault(uid, (path, facts))
    report.counts["calendars"] += 1
    report.counts["events"] += len(events)


def is_atom(raw):
    head = raw[:2000].decode("utf-8", "replace")
    return "<feed" in head and ATOM in head


def check_feed(path, raw, report):
    parsed = feedparser.parse(raw)
    if parsed.bozo:
        report.fail(path, f"feedparser finds a fault: {parsed.bozo_exception}")
    if parsed.version != "atom10":
        report.fail(path, f"feedparser reads it as {parsed.version or 'no known format'}, not Atom 1.0")
    for key in ("title", "id", "updated"):
        if not parsed.feed.get(key):
            report.fail(path, f"the feed has no {key}")
    for entry in parsed.entries:
        for key in ("title", "id", "link", "updated"):
            if not entry.get(key):
                report.fail(path, f"an entry ({entry.get('title', '?')}) has no {key}")
    report.counts["feeds"] += 1
    report.counts["entries"] += len(parsed.entries)


def load_schemas(root, report):
    schemas = {}
    folder = root / "schemas"
    for path in sorted(folder.glob("*.schema.json")) if folder.is_dir() else []:
        try:
            schema = json.loads(path.read_text(encoding="utf-8"))
            jsonschema.Draft202012Validator.check_schema(schema)
        except (ValueError, jsonschema.SchemaError) as error:
            report.fail(path.relative_to(root), f"not a draft 2020-12 schema: {error}")
            continue
        if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
            report.fail(path.relative_to(root), "does not declare draft 2020-12")
        stem = path.name[: -len(".schema.json")]
        schemas[stem] = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
    return schemas


def reject_constant(name):
    raise ValueError(f"{name} is not JSON")


def check_json(path, raw, report, schemas):
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=reject_constant)
    except (UnicodeDecodeError, ValueError) as error:
        report.fail(path, f"not JSON: {error}")
        return
    if isinstance(document, dict) and document.get("classification") == "committee-meeting":
        report.data_starts.append((path, document.get("id"), document.get("start_date", "")))
    validator = schemas.get(path.name[: -len(".json")])
    if validator is None:
        return
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for error in errors:
        where = "/".join(str(p) for p in error.absolute_path) or "(the document)"
        report.fail(path, f"{where}: {error.message}")
    report.counts["open-data"] += 1


def check_times_agree(report):
    """An open-data event's start is UK time with the offset Python's own time zone data gives,
    and the same moment as its calendar event's DTSTART."""
    for path, url, start_date in report.data_starts:
        if "T" not in start_date:
            continue
        start = datetime.datetime.fromisoformat(start_date)
        local = start.replace(tzinfo=None).replace(tzinfo=LONDON)
        if local.utcoffset() != start.utcoffset():
            report.fail(path, f"start_date {start_date} has the wrong offset for UK time ({local.utcoffset()})")
        if url in report.starts:
            ics_path, ics_start = report.starts[url]
            if ics_start != start:
                report.fail(path, f"start_date {start_date} is not {ics_path}'s DTSTART {ics_start}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=pathlib.Path)
    parser.add_argument("--require", default="", help="comma-separated: " + ", ".join(KINDS))
    parser.add_argument("--forbid", action="append", default=[], help="text no file may hold")
    args = parser.parse_args()
    root = args.output
    if not root.is_dir():
        print(f"{root} is not a folder", file=sys.stderr)
        return 1
    required = [kind for kind in args.require.split(",") if kind]
    for kind in required:
        if kind not in KINDS:
            print(f"--require {kind}: choose from {', '.join(KINDS)}", file=sys.stderr)
            return 1

    report = Report()
    schemas = load_schemas(root, report)
    seen_uids = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root)
        raw = path.read_bytes()
        for text in args.forbid:
            if text.encode("utf-8") in raw:
                report.fail(relative, f"holds the forbidden text {text!r}")
        if path.suffix == ".ics":
            check_calendar(relative, raw, report, seen_uids)
        elif path.name == "feed.xml" or path.suffix == ".atom":
            # A feed must be a feed: some council sites serve an HTML page at their feed's
            # address.
            if is_atom(raw):
                check_feed(relative, raw, report)
            else:
                report.fail(relative, "is named as a feed but is not an Atom feed")
        elif path.suffix == ".xml" and is_atom(raw):
            check_feed(relative, raw, report)
        elif path.suffix == ".json" and not path.name.endswith(".schema.json"):
            check_json(relative, raw, report, schemas)

    check_times_agree(report)
    counts = report.counts
    for kind in required:
        if counts[kind] == 0:
            report.problems.append(f"{root}: no {kind} were found, and --require asks for them")
    print(
        f"{counts['calendars']} calendars ({counts['events']} events) read by icalendar "
        f"{icalendar.__version__}; {counts['feeds']} Atom feeds ({counts['entries']} entries) by "
        f"feedparser {feedparser.__version__}; {counts['open-data']} open-data files valid "
        f"against {len(schemas)} published schemas"
    )
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    if report.problems:
        print(f"{len(report.problems)} problems in {root}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
