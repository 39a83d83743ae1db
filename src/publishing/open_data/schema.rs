//! The JSON Schemas (draft 2020-12) of the open data, which the site publishes beside it so
//! that anyone can check a file, and which the tests check every published file against.
//! Each field's description is the one the guide gives.

use serde_json::{Value, json};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// `2024-07-18`, `2022-03`, or a UK time with its offset, `2024-07-18T18:00:00+01:00`.
const START_DATE: &str =
    r"^[0-9]{4}-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2})?)?$";
const END_DATE: &str =
    r"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2})?$";
const DAY: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const DAY_OR_BLANK: &str = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$";
const ADDRESS: &str = r"^https?://[^\s]+$";

fn text(description: &str) -> Value {
    json!({ "type": "string", "description": description })
}

fn text_or_null(description: &str) -> Value {
    json!({ "type": ["string", "null"], "description": description })
}

fn address(description: &str) -> Value {
    json!({ "type": "string", "pattern": ADDRESS, "description": description })
}

fn empty_list(description: &str) -> Value {
    json!({ "type": "array", "maxItems": 0, "description": description })
}

fn object(required: &[&str], properties: Value) -> Value {
    json!({
        "type": "object",
        "required": required,
        "additionalProperties": false,
        "properties": properties,
    })
}

fn document() -> Value {
    let link = object(
        &["media_type", "url"],
        json!({
            "media_type": text("The file's media type: text/html for a report's page, application/pdf, text/csv."),
            "url": address("The file's address."),
        }),
    );
    let mut document = object(
        &["note", "date", "links"],
        json!({
            "note": text("The paper's title."),
            "date": {
                "type": "string",
                "pattern": DAY_OR_BLANK,
                "description": "The day it was published, or empty when the report does not say."
            },
            "links": { "type": "array", "minItems": 1, "items": link, "description": "Where to get it." },
        }),
    );
    document["description"] = json!("A published paper.");
    document
}

fn agenda_item() -> Value {
    let exemption = object(
        &["paragraph", "description", "public_interest"],
        json!({
            "paragraph": { "type": "integer", "minimum": 1, "maximum": 7, "description": "The paragraph of Part 1 of Schedule 12A to the Local Government Act 1972." },
            "description": text("That paragraph's description of exempt information, as the Act words it."),
            "public_interest": text_or_null("Why the public interest in keeping the information exempt outweighs the interest in publishing it, when the report gives a reason."),
        }),
    );
    let extras = object(
        &["documents", "urgency", "supplementary", "schedule_12a"],
        json!({
            "documents": { "type": "array", "items": { "$ref": "#/$defs/document" }, "description": "The item's papers, in order: the report first. None for an exempt item." },
            "urgency": text_or_null("The chair's reason for taking a late item as urgent (section 100B(4)(b)), or null."),
            "supplementary": { "type": "boolean", "description": "Whether a paper of the item was published after the agenda." },
            "schedule_12a": { "oneOf": [{ "type": "null" }, exemption], "description": "For an exempt item, its paragraph of Schedule 12A; null otherwise." },
        }),
    );
    object(
        &[
            "description",
            "classification",
            "order",
            "subjects",
            "notes",
            "related_entities",
            "media",
            "extras",
        ],
        json!({
            "description": text("The item's title."),
            "classification": {
                "type": "array",
                "items": { "enum": ["exempt", "urgent", "supplementary"] },
                "uniqueItems": true,
                "description": "exempt, urgent and supplementary, as they apply; empty for an ordinary item."
            },
            "order": text("The item's number on the agenda (\"6\", \"6a\"), or empty. The list is in agenda order either way."),
            "subjects": empty_list("Not used."),
            "notes": { "type": "array", "items": { "type": "string" }, "description": "Sentences about the item: the agenda's note, the urgency, the exemption." },
            "related_entities": empty_list("Not used."),
            "media": empty_list("Not used: the item's papers are in extras.documents."),
            "extras": extras,
        }),
    )
}

/// The schema of a meeting's Open Civic Data Event, published at `id`.
pub fn event(id: &str) -> Value {
    let link = object(
        &["note", "url"],
        json!({ "note": text("What the link is."), "url": address("Its address.") }),
    );
    let location = object(
        &["name", "note", "url", "coordinates"],
        json!({
            "name": text("The venue, as the council gives it."),
            "note": text("Not used: empty."),
            "url": { "type": "null", "description": "Not used." },
            "coordinates": { "type": "null", "description": "Not used." },
        }),
    );
    let participant = object(
        &["name", "entity_type", "note"],
        json!({
            "name": text("The committee's name."),
            "entity_type": { "const": "organization" },
            "note": { "const": "host" },
        }),
    );
    let extras = object(
        &["authority", "committee", "published", "cancellation_reason"],
        json!({
            "authority": text("The council's name."),
            "committee": text("The committee's name."),
            "published": { "type": ["string", "null"], "pattern": DAY, "description": "When the agenda and reports were published, or null when the content does not say." },
            "cancellation_reason": text_or_null("Why the meeting was cancelled, when it was and the council gives a reason."),
        }),
    );
    let mut schema = object(
        &[
            "id",
            "name",
            "description",
            "classification",
            "start_date",
            "end_date",
            "all_day",
            "status",
            "location",
            "participants",
            "agenda",
            "documents",
            "media",
            "links",
            "sources",
            "extras",
        ],
        json!({
            "id": address("The meeting's page: the same for as long as the meeting stands."),
            "name": text("The committee and the date: \"Children Services Select Committee, 18 July 2024\"."),
            "description": text("A sentence or two about the meeting, or empty."),
            "classification": { "const": "committee-meeting" },
            "start_date": { "type": "string", "pattern": START_DATE, "description": "When the meeting starts, in UK time with its offset from UTC; the day alone when the time is not known, or the month when the day is not." },
            "end_date": { "type": "string", "pattern": END_DATE, "description": "When it is due to end, in the same form, or empty when not known." },
            "all_day": { "type": "boolean", "description": "True when no start time is known." },
            "status": { "enum": ["confirmed", "cancelled"], "description": "cancelled, or confirmed for a meeting going ahead (or held)." },
            "location": { "oneOf": [{ "type": "null" }, location], "description": "Where it meets, or null when not known." },
            "participants": { "type": "array", "minItems": 1, "maxItems": 1, "items": participant, "description": "The committee that meets." },
            "agenda": { "type": "array", "items": { "$ref": "#/$defs/agenda_item" }, "description": "The agenda in order." },
            "documents": { "type": "array", "items": { "$ref": "#/$defs/document" }, "description": "Every published paper of the meeting, in agenda order." },
            "media": empty_list("Not used."),
            "links": { "type": "array", "items": link, "description": "The meeting's other files: the print view, the calendar, this file." },
            "sources": { "type": "array", "minItems": 1, "items": link, "description": "The meeting's page, which this data comes from." },
            "extras": extras,
        }),
    );
    let head = json!({
        "$schema": DRAFT,
        "$id": id,
        "title": "A committee meeting (Open Civic Data Event)",
        "description": "One meeting of a council committee, its agenda and papers. Exempt items appear by title and Schedule 12A paragraph only.",
    });
    merge(&mut schema, head);
    schema["$defs"] = json!({ "document": document(), "agenda_item": agenda_item() });
    schema
}

/// The schema of a council's index of meetings, published at `id`.
pub fn index(id: &str) -> Value {
    let entry = object(
        &[
            "id",
            "name",
            "committee",
            "start_date",
            "all_day",
            "status",
            "data",
            "calendar",
        ],
        json!({
            "id": address("The meeting's page, as in its event's id."),
            "name": text("The committee and the date."),
            "committee": text("The committee's name."),
            "start_date": { "type": "string", "pattern": START_DATE, "description": "As in the event." },
            "all_day": { "type": "boolean", "description": "As in the event." },
            "status": { "enum": ["confirmed", "cancelled"], "description": "As in the event." },
            "data": address("The meeting's Open Civic Data Event."),
            "calendar": { "type": ["string", "null"], "pattern": ADDRESS, "description": "The meeting's calendar file, or null when it has no day." },
        }),
    );
    let mut schema = object(
        &["authority", "url", "meetings"],
        json!({
            "authority": text("The council's name."),
            "url": address("The council's page."),
            "meetings": { "type": "array", "items": entry, "description": "Every meeting, in date order." },
        }),
    );
    merge(
        &mut schema,
        json!({
            "$schema": DRAFT,
            "$id": id,
            "title": "A council's committee meetings",
            "description": "The index of a council's meetings, each with the address of its Open Civic Data Event.",
        }),
    );
    schema
}

/// Adds the keys of `from` to `into` (a JSON object; serde_json keeps keys sorted, so `$id`
/// and `$schema` come first).
fn merge(into: &mut Value, from: Value) {
    if let (Some(into), Value::Object(from)) = (into.as_object_mut(), from) {
        into.extend(from);
    }
}

/// A schema as the file the site publishes.
pub fn to_text(schema: &Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}
