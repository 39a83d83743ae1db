//! The publishing duties through the binary, on the duties fixture (meetings in winter and
//! summer, a cancelled meeting, late, urgent, supplementary and exempt papers): `check` names
//! each late paper and pack with its clear days; pages link the calendars and feeds, and the
//! agenda says of an exempt item what the law lets it say.

mod common;

use common::{fixture, scrutiny, site_copy, stderr};

fn check(root: &std::path::Path) -> String {
    let output = scrutiny(root, &["check"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    message
}

/// Each warning of `message` that holds `words`, with the place written under it.
fn warnings<'a>(message: &'a str, words: &str) -> Vec<(&'a str, &'a str)> {
    let lines: Vec<&str> = message.lines().chain([""]).collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with("warning: ") && w[0].contains(words))
        .map(|w| (w[0], w[1]))
        .collect()
}

#[test]
fn check_names_each_late_paper_and_pack_with_its_clear_days_and_the_day_it_needed() {
    let message = check(&fixture("duties"));
    let late = [
        (
            "“The youth offer” was published on Monday 20 May 2024, 4 clear working days before its meeting on Tuesday 28 May 2024; the rule is 5 clear working days, so it needed to be published by Friday 17 May 2024",
            "content/riverside/reports/youth-offer.md:7:12",
        ),
        (
            "“Caseloads – supplementary information” was published on Friday 12 July 2024, 3 clear working days before its meeting on Thursday 18 July 2024; the rule is 5 clear working days, so it needed to be published by Wednesday 10 July 2024",
            "content/riverside/reports/caseload-supplement.md:7:12",
        ),
        (
            "“Winter pressures” was published on Friday 20 December 2024, 4 clear working days before its meeting on Monday 6 January 2025; the rule is 5 clear working days, so it needed to be published by Thursday 19 December 2024",
            "content/riverside/reports/winter-pressures.md:7:12",
        ),
        (
            "the pack of this meeting was published on Friday 20 December 2024, 4 clear working days before its meeting on Monday 6 January 2025; the rule is 5 clear working days, so it needed to be published by Thursday 19 December 2024",
            "content/riverside/meetings.yaml:66:16",
        ),
    ];
    for (words, place) in late {
        let found = warnings(&message, words);
        assert_eq!(
            found.len(),
            1,
            "expected one warning “{words}” in:\n{message}"
        );
        assert!(found[0].1.ends_with(place), "{words}\nat {}", found[0].1);
    }
    assert_eq!(
        message
            .matches("clear working days before its meeting")
            .count(),
        late.len(),
        "{message}"
    );
    // Urgent with a reason, or on time: not named.
    for title in [
        "Accepting the family hubs grant",
        "Budget pressures",
        "Family Safeguarding update",
    ] {
        assert!(
            !message.contains(&format!("“{title}” was published")),
            "{title} is named:\n{message}"
        );
    }
}

#[test]
fn a_late_paper_taken_as_urgent_is_not_named() {
    let site = site_copy("duties");
    let path = site.path().join("content/riverside/reports/youth-offer.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen(
            "published: 2024-05-20\n",
            "published: 2024-05-20\nurgency: The youth service's contract ends on 31 May.\n",
            1,
        ),
    )
    .unwrap();
    let message = check(site.path());
    assert!(
        !message.contains("“The youth offer” was published"),
        "{message}"
    );
    assert!(
        message.contains("“Winter pressures” was published"),
        "{message}"
    );
}

#[test]
fn final_papers_without_a_day_are_named_once_for_their_council() {
    let site = site_copy("duties");
    for file in [
        "meetings.yaml",
        "reports/youth-offer.md",
        "reports/winter-pressures.md",
    ] {
        let path = site.path().join("content/riverside").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("published:"))
            .collect();
        std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    }
    let output = scrutiny(site.path(), &["build", "--output", "public"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    let named: Vec<&str> = message
        .lines()
        .filter(|l| l.contains("no `published` date"))
        .collect();
    assert_eq!(named.len(), 1, "{message}");
    assert!(
        named[0].contains("final papers of Riverside"),
        "{}",
        named[0]
    );
    assert!(named[0].contains("“"), "{}", named[0]);
    assert!(named[0].contains("5 clear working days"), "{}", named[0]);
}

#[test]
fn a_site_that_records_no_publication_days_is_told_once() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output = scrutiny(
        &common::project_root(),
        &["build", "--output", out.to_str().unwrap()],
    );
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(0), "{message}");
    assert_eq!(
        message.matches("gives the day it was published").count(),
        1,
        "{message}"
    );
    assert!(!message.contains("no `published` date"), "{message}");
}

/// A build of the duties fixture, in a folder removed when it is dropped.
fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let output = scrutiny(
        &fixture("duties"),
        &["build", "--output", out.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    (dir, out)
}

#[test]
fn pages_link_the_calendars_and_feeds_they_belong_to() {
    let (_dir, out) = built();
    let meeting =
        std::fs::read_to_string(out.join("riverside/2024-07-18-children-select/index.html"))
            .unwrap();
    assert!(meeting.contains(
        "<a href=\"../../riverside/2024-07-18-children-select/meeting.ics\">Add this meeting to your calendar</a>"
    ));
    assert!(meeting.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"../../riverside/feed.xml\""
    ));
    assert!(meeting.contains("href=\"../../riverside/committees/children-select/feed.xml\""));
    let cancelled =
        std::fs::read_to_string(out.join("riverside/2024-10-14-overview/index.html")).unwrap();
    assert!(!cancelled.contains("Add this meeting to your calendar"));
    let council = std::fs::read_to_string(out.join("riverside/index.html")).unwrap();
    for file in [
        "feed.xml",
        "meetings.ics",
        "meetings.json",
        "meetings.csv",
        "papers.csv",
    ] {
        let link = format!("href=\"../riverside/{file}\"");
        assert!(council.contains(&link), "{link} not on the council page");
        assert!(
            out.join("riverside").join(file).is_file(),
            "{file} not written"
        );
    }
}

#[test]
fn the_agenda_says_what_the_law_lets_it_say_of_an_exempt_item() {
    let (_dir, out) = built();
    let meeting =
        std::fs::read_to_string(out.join("riverside/2024-07-18-children-select/index.html"))
            .unwrap();
    assert!(meeting.contains("Residential placements contract"));
    assert!(meeting.contains(
        "Exempt under paragraph 3 of Schedule 12A to the Local Government Act 1972: “Information relating to the financial or business affairs of any particular person (including the authority holding that information).”"
    ));
    assert!(meeting.contains(
        "<strong>Why it is withheld:</strong> Publishing the tendered prices before the contract is let would weaken the council’s position in the retender"
    ));
    assert!(
        !out.join("riverside/2024-07-18-children-select/placements-contract")
            .exists()
    );
}
