//! `scrutiny serve` run as a reviewer runs it: the server starts on a free port, an edit is
//! served and announces a reload, a broken dataset shows its error in the page, and fixing it
//! brings the site back — all without restarting.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{get, request, site_copy, start};

/// Polls until `check` holds on the page, or fails after five seconds.
fn eventually(port: u16, path: &str, check: impl Fn(&str) -> bool, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (_, body) = get(port, path);
        if check(&body) {
            return;
        }
        assert!(Instant::now() < deadline, "{what}: not seen in\n{body}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

const REPORT_PAGE: &str = "/testa/2023-07-19-cs/update/";

#[test]
fn an_edit_is_served_with_a_reload_event_and_errors_show_in_the_page() {
    let site = site_copy("basic");
    let server = start(site.path(), &[]);
    let (status, body) = get(server.port, REPORT_PAGE);
    assert_eq!(status, 200);
    assert!(body.contains("The board has met monthly."));
    assert!(
        body.contains("/__scrutiny/reload.js"),
        "serve adds the reload script"
    );

    // Listen for the reload event, then edit the report.
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        events,
        "GET /__scrutiny/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    let report = site.path().join("content/testa/reports/update.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace("The board has met monthly.", "The board has met weekly."),
    )
    .unwrap();
    eventually(
        server.port,
        REPORT_PAGE,
        |b| b.contains("The board has met weekly."),
        "the edit",
    );
    let mut seen = String::new();
    let mut buffer = [0u8; 1024];
    while !seen.contains("event: reload") {
        let read = events.read(&mut buffer).expect("a reload event arrives");
        assert!(read > 0, "the event stream closed");
        seen.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }

    // Break a dataset: the error shows in every page, and the server keeps serving.
    let dataset = site.path().join("content/testa/data/workers.yaml");
    let good = std::fs::read_to_string(&dataset).unwrap();
    std::fs::write(
        &dataset,
        good.replace(
            "  - [Health workers, null, 4.5]",
            "  - [Health workers, null]",
        ),
    )
    .unwrap();
    eventually(
        server.port,
        REPORT_PAGE,
        |b| b.contains("The content has errors") && b.contains("workers.yaml:14"),
        "the error overlay",
    );
    eventually(
        server.port,
        "/",
        |b| b.contains("row 4 has 2 cells"),
        "the error on another page",
    );

    // Fix it: the site comes back by itself.
    std::fs::write(&dataset, good).unwrap();
    eventually(
        server.port,
        REPORT_PAGE,
        |b| !b.contains("The content has errors") && b.contains("weekly"),
        "the site back",
    );
}

#[test]
fn the_server_refuses_paths_outside_the_site_and_other_methods() {
    let site = site_copy("basic");
    let server = start(site.path(), &[]);
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/a/%2E%2E/%2E%2E/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
    ] {
        let (status, body) = get(server.port, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("root:"), "{path}");
    }
    assert_eq!(request(server.port, "POST", "/").0, 405);
    assert_eq!(request(server.port, "DELETE", "/index.html").0, 405);
    let (status, body) = get(server.port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    // The site is served at its base URL's path as well as at the root.
    assert_eq!(get(server.port, "/scrutiny/testa/").0, 200);
    assert_eq!(get(server.port, "/testa/").0, 200);
    assert_eq!(request(server.port, "HEAD", "/").0, 200);
}

#[test]
fn drafts_are_previewed_and_exempt_papers_only_with_exempt() {
    let site = site_copy("boundary");
    let server = start(site.path(), &[]);
    let (status, body) = get(server.port, "/council/2024-01-15-overview/draftcanaryslug/");
    assert_eq!(status, 200);
    assert!(body.contains("Draft — not for publication."));
    assert_eq!(
        get(
            server.port,
            "/council/2024-01-15-overview/exemptcanaryslug/"
        )
        .0,
        404
    );
    drop(server);

    let server = start(site.path(), &["--exempt"]);
    let (status, body) = get(
        server.port,
        "/council/2024-01-15-overview/exemptcanaryslug/",
    );
    assert_eq!(status, 200);
    assert!(body.contains("Exempt — not for publication."));
    assert!(body.contains("EXEMPTCANARY17 body text."));
}

#[test]
fn exempt_preview_is_refused_beyond_loopback() {
    let site = site_copy("basic");
    let output = Command::new(env!("CARGO_BIN_EXE_scrutiny"))
        .args([
            "--root",
            site.path().to_str().unwrap(),
            "serve",
            "--port",
            "0",
            "--bind",
            "0.0.0.0",
            "--exempt",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("only on loopback"));
}

/// The files a full build gives, as text (every file the server should serve but the fonts).
fn full_build(root: &std::path::Path) -> std::collections::BTreeMap<String, String> {
    let audience = scrutiny::render::Audience {
        drafts: true,
        exempt: false,
    };
    let (outcome, files) = scrutiny::render_in_memory(root, audience, None);
    assert!(!outcome.has_errors(), "the edited site builds");
    files
        .into_iter()
        .filter_map(|f| Some((f.path, String::from_utf8(f.bytes).ok()?)))
        .collect()
}

/// Whether every file is served as the full build has it (the reload script aside), and
/// every path of `gone` is missing.
fn serves_exactly(
    port: u16,
    expected: &std::collections::BTreeMap<String, String>,
    gone: &[String],
) -> Result<(), String> {
    const SCRIPT: &str = "<script src=\"/__scrutiny/reload.js\"></script>";
    for (path, text) in expected {
        let (status, body) = get(port, &format!("/{path}"));
        // The panel of the content's warnings, added to every page, is the preview's own.
        let body = match body.find("<details id=\"scrutiny-warnings\"") {
            Some(start) => {
                let end = body[start..]
                    .find("</details>")
                    .map_or(body.len(), |e| start + e + 10);
                format!("{}{}", &body[..start], &body[end..])
            }
            None => body,
        };
        if status != 200 || body.replace(SCRIPT, "") != *text {
            return Err(format!("{path} is not as a full build has it"));
        }
    }
    for path in gone {
        if get(port, &format!("/{path}")).0 != 404 {
            return Err(format!("{path} is still served"));
        }
    }
    Ok(())
}

#[test]
fn after_each_edit_every_served_file_is_what_a_full_build_gives() {
    let site = site_copy("basic");
    let root = site.path().to_path_buf();
    let server = start(&root, &[]);
    let reports = root.join("content/testa/reports");
    type Edit<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let edits: Vec<Edit<'_>> = vec![
        (
            "append to the report",
            Box::new(|| {
                let path = reports.join("update.md");
                let text = std::fs::read_to_string(&path).unwrap();
                std::fs::write(&path, format!("{text}\nA new paragraph about adoption.\n"))
                    .unwrap();
            }),
        ),
        (
            "change a value",
            Box::new(|| {
                let path = root.join("content/testa/data/workers.yaml");
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(text.contains("4.5"));
                std::fs::write(&path, text.replacen("4.5", "5.5", 1)).unwrap();
            }),
        ),
        (
            "add a report",
            Box::new(|| {
                std::fs::write(
                reports.join("second.md"),
                "---\ntitle: A second report\ncommittee: cs\nmeeting: 2023-07-19\nitem: \"7\"\n---\n\nIts text.\n",
            )
            .unwrap();
            }),
        ),
        (
            "rename a report",
            Box::new(|| {
                std::fs::rename(reports.join("second.md"), reports.join("renamed.md")).unwrap();
            }),
        ),
        (
            "delete a report",
            Box::new(|| {
                std::fs::remove_file(reports.join("renamed.md")).unwrap();
            }),
        ),
        (
            "rename the council",
            Box::new(|| {
                let path = root.join("content/testa/authority.yaml");
                let text = std::fs::read_to_string(&path).unwrap();
                let line = text
                    .lines()
                    .find(|l| l.starts_with("name:"))
                    .unwrap()
                    .to_owned();
                std::fs::write(&path, text.replacen(&line, "name: Renamed Council", 1)).unwrap();
            }),
        ),
        (
            "change the site title",
            Box::new(|| {
                let path = root.join("content/site.yaml");
                let text = std::fs::read_to_string(&path).unwrap();
                std::fs::write(
                    &path,
                    text.replacen("Test scrutiny site", "Renamed site", 1),
                )
                .unwrap();
            }),
        ),
    ];
    let mut before = full_build(&root);
    serves_exactly(server.port, &before, &[]).expect("the first build is served");
    for (what, edit) in &edits {
        edit();
        let expected = full_build(&root);
        let gone: Vec<String> = before
            .keys()
            .filter(|p| !expected.contains_key(*p))
            .cloned()
            .collect();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            match serves_exactly(server.port, &expected, &gone) {
                Ok(()) => break,
                Err(why) if Instant::now() > deadline => panic!("after {what}: {why}"),
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
        before = expected;
    }
}

#[test]
fn requests_addressed_to_another_name_are_refused() {
    let site = site_copy("basic");
    let server = start(site.path(), &[]);
    let port = server.port;
    for host in [
        "evil.example".to_owned(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
    ] {
        for path in [
            "/",
            REPORT_PAGE,
            "/__scrutiny/events",
            "/__scrutiny/reload.js",
        ] {
            let (status, body) = common::request_for(port, &host, "GET", path);
            assert_eq!(status, 403, "{host} {path}");
            assert!(
                body.contains("answers only requests addressed to this computer"),
                "{body}"
            );
            assert!(!body.contains("The board has met"), "{host} {path}");
        }
    }
    for host in [
        "localhost".to_owned(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, body) = common::request_for(port, &host, "GET", REPORT_PAGE);
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("The board has met monthly."), "{host}");
    }
}

#[test]
fn serving_beyond_loopback_warns_and_still_refuses_other_names() {
    let site = site_copy("basic");
    let (server, stderr) = common::start_with_stderr(site.path(), &["--bind", "0.0.0.0"]);
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stderr), &mut line);
        let _ = sender.send(line);
    });
    let warning = receiver
        .recv_timeout(Duration::from_secs(5))
        .unwrap_or_default();
    assert!(
        warning.contains(&format!(
            "warning: serving on 0.0.0.0:{}, beyond this computer",
            server.port
        )),
        "{warning}"
    );
    assert!(warning.contains("drafts included"), "{warning}");
    let port = server.port;
    assert_eq!(
        common::request_for(port, &format!("evil.example:{port}"), "GET", "/").0,
        403
    );
    assert_eq!(
        common::request_for(port, &format!("127.0.0.1:{port}"), "GET", "/").0,
        200
    );
}

/// The boundary site with an error planted in an exempt report, in the exempt appendix of a
/// public report, in a dataset only the exempt report uses, and one in public text.
fn boundary_with_errors() -> tempfile::TempDir {
    let site = site_copy("boundary");
    let council = site.path().join("content/council");
    let edit = |file: &str, from: &str, to: &str| {
        let path = council.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} holds {from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    edit(
        "reports/exemptcanaryslug.md",
        "data: exemptcanarydata",
        "data: exemptcanarydatax",
    );
    edit(
        "reports/public-report.md",
        "EXEMPTAPPENDIXCANARY01 text of the exempt appendix.",
        "EXEMPTAPPENDIXCANARY01 text of the exempt appendix, {{ value EXEMPTAPPENDIXCANARY02 row=a column=b }}.",
    );
    edit(
        "reports/public-report.md",
        "data: public-figures",
        "data: public-figurez",
    );
    edit(
        "data/exemptcanarydata.yaml",
        "[EXEMPTCANARY10 row, 123456]",
        "[EXEMPTCANARY10 row]",
    );
    site
}

#[test]
fn the_error_overlay_and_terminal_quote_nothing_of_an_exempt_paper() {
    let site = boundary_with_errors();
    let (server, stderr) = common::start_with_stderr(site.path(), &[]);
    let (_, page) = get(server.port, "/");
    drop(server);
    let mut terminal = String::new();
    std::io::Read::read_to_string(&mut { stderr }, &mut terminal).unwrap();
    for shown in [&page, &terminal] {
        assert!(
            shown.contains("there is no dataset `public-figurez`"),
            "{shown}"
        );
        assert!(
            shown.contains("3 problems in exempt papers are not shown here"),
            "{shown}"
        );
        assert!(shown.contains("run `scrutiny check`"), "{shown}");
        let lower = shown.to_lowercase();
        assert!(!lower.contains("exemptcanary"), "{shown}");
        assert!(!lower.contains("exemptappendixcanary"), "{shown}");
    }
    assert!(page.contains("The content has errors"));

    // A reviewer entitled to see them sees them all.
    let server = start(site.path(), &["--exempt"]);
    let (_, page) = get(server.port, "/");
    assert!(page.contains("EXEMPTCANARY10 row"), "{page}");
    assert!(!page.contains("not shown here"), "{page}");
}

#[test]
fn the_warnings_panel_counts_the_warnings_of_exempt_papers_and_quotes_none() {
    // Warnings of a site that builds: one in the exempt report (no public-interest reason),
    // two in the exempt appendix of a public report (raw HTML, the fixture's and this one),
    // and public ones.
    let site = site_copy("boundary");
    let report = site.path().join("content/council/reports/public-report.md");
    let text = std::fs::read_to_string(&report).unwrap();
    let planted = "EXEMPTAPPENDIXCANARY01 text of the exempt appendix.";
    assert!(text.contains(planted));
    let text = text.replace(
        planted,
        &format!("{planted}\n\n<span style=\"color: red\">EXEMPTAPPENDIXCANARY31</span>\n"),
    );
    std::fs::write(&report, text).unwrap();
    let server = start(site.path(), &[]);
    let (_, page) = get(server.port, "/");
    drop(server);
    let panel = &page[page.find("scrutiny-warnings").expect("a warnings panel")..];
    assert!(panel.contains("names no contact officer"), "{panel}");
    assert!(
        panel.contains("3 problems in exempt papers are not shown here"),
        "{panel}"
    );
    let lower = panel.to_lowercase();
    assert!(!lower.contains("exemptcanary"), "{panel}");
    assert!(!lower.contains("exemptappendixcanary"), "{panel}");
    assert!(!panel.contains("Exempt item title"), "{panel}");

    let server = start(site.path(), &["--exempt"]);
    let (_, page) = get(server.port, "/");
    assert!(page.contains("EXEMPTAPPENDIXCANARY31"), "{page}");
    assert!(!page.contains("not shown here"), "{page}");
}

#[test]
fn an_asset_replaced_by_a_link_out_of_the_site_is_not_served() {
    let site = site_copy("basic");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.csv");
    std::fs::write(&secret, "OUTSIDESECRET\n").unwrap();
    let server = start(site.path(), &[]);
    let asset = "/testa/assets/cost-tracker.csv";
    let (status, body) = get(server.port, asset);
    assert_eq!(status, 200);
    assert!(!body.contains("OUTSIDESECRET"));

    let file = site.path().join("content/testa/assets/cost-tracker.csv");
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(&secret, &file).unwrap();
    // At once, while the preview rebuilds, and after: never the file outside.
    let deadline = Instant::now() + Duration::from_millis(1500);
    let mut seen_overlay = false;
    while Instant::now() < deadline {
        let (status, body) = get(server.port, asset);
        assert!(!body.contains("OUTSIDESECRET"), "served the file outside");
        assert_ne!(status, 200);
        let (_, page) = get(server.port, "/");
        seen_overlay |= page.contains("outside the authority");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(seen_overlay, "the link is reported as an error");
}

#[test]
fn a_save_that_breaks_an_exempt_appendix_is_not_quoted_in_the_overlay() {
    let site = site_copy("boundary");
    let server = start(site.path(), &[]);
    let page = "/council/2024-01-15-overview/public-report/";
    assert_eq!(get(server.port, page).0, 200);
    let report = site.path().join("content/council/reports/public-report.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replace(
            "EXEMPTAPPENDIXCANARY01 text of the exempt appendix.",
            "{{ value EXEMPTAPPENDIXCANARY03 row=a column=b }}",
        ),
    )
    .unwrap();
    eventually(
        server.port,
        page,
        |b| b.contains("The content has errors"),
        "the overlay",
    );
    let (_, body) = get(server.port, page);
    assert!(
        !body.to_lowercase().contains("exemptappendixcanary"),
        "{body}"
    );
    assert!(
        body.contains("1 problem in exempt papers is not shown here"),
        "{body}"
    );
}
