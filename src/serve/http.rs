//! Answering requests from the in-memory site: only GET and HEAD, no path outside the site,
//! correct content types, `404.html` for what is missing, and the live-reload script and error
//! overlay added to HTML here — never written into a build.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::Shared;

const EVENTS: &str = "/__scrutiny/events";
const SCRIPT: &str = "/__scrutiny/reload.js";

/// Reloads the page when the site is rebuilt, keeping its scroll position.
const RELOAD_JS: &str = r#"(function () {
  "use strict";
  var key = "scrutiny-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, parseInt(saved, 10) || 0); });
  }
  var source = new EventSource("/__scrutiny/events");
  source.addEventListener("reload", function () {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  });
})();
"#;

/// What every request is answered from: the site, and the address the server listens on.
#[derive(Clone)]
struct Served {
    shared: Arc<Shared>,
    address: SocketAddr,
}

pub fn router(shared: Arc<Shared>, address: SocketAddr) -> Router {
    Router::new()
        .fallback(answer)
        .with_state(Served { shared, address })
}

/// Whether a request's `Host` names this server: `localhost`, a loopback address (127.0.0.0/8,
/// `::1`) or the address it listens on, with its port if a port is given. Any address is
/// accepted when the server listens on all of them (`--bind 0.0.0.0`): a web page can make a
/// browser send a name it controls to the preview (DNS rebinding), never an address.
pub fn host_allowed(host: &str, address: SocketAddr) -> bool {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((name, "")) => (name, None),
            Some((name, port)) => match port.strip_prefix(':') {
                Some(port) => (name, Some(port)),
                None => return false,
            },
            None => return false,
        },
        None => match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    if port.is_some_and(|p| p.parse::<u16>().ok() != Some(address.port())) {
        return false;
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == address.ip() || address.ip().is_unspecified(),
        Err(_) => false,
    }
}

/// The refusal of a request addressed to another name, with what to open instead.
fn wrong_host(host: Option<&str>, address: SocketAddr) -> Response {
    let text = format!(
        "This preview answers only requests addressed to this computer, as localhost or by its address, so that other web sites cannot read it (this request was for {}).\nOpen http://localhost:{}/ instead.\n",
        host.map_or_else(|| "no address".to_owned(), |h| format!("`{h}`")),
        address.port()
    );
    let mut response = (StatusCode::FORBIDDEN, text).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn content_type(path: &str) -> &'static str {
    match path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ttf") => "font/ttf",
        Some("woff2") => "font/woff2",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain; charset=utf-8",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

/// Decodes `%xx` escapes; `None` for bytes that do not form UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file a request path names, relative to the site: `None` for any path that could leave
/// it (`..`, backslashes, NUL, an absolute path after decoding).
pub fn site_path(request_path: &str, base_path: &str) -> Option<String> {
    let decoded = percent_decode(request_path)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return None;
    }
    let within = decoded
        .strip_prefix(base_path)
        .map_or(decoded.as_str(), |rest| rest);
    let within = within.trim_start_matches('/');
    let mut parts = Vec::new();
    for segment in within.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    if path.is_empty() || decoded.ends_with('/') {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// Adds the reload script, and the overlay of problems when the last build failed, or else a
/// panel of its warnings, closed, at the foot of the page.
fn decorate(html: &[u8], problems: Option<&str>, warnings: Option<&str>) -> Vec<u8> {
    let html = String::from_utf8_lossy(html);
    let mut extra = format!("<script src=\"{SCRIPT}\"></script>");
    if let Some(warnings) = warnings.filter(|_| problems.is_none()) {
        let count = warnings.matches("warning: ").count().max(1);
        extra.push_str(&format!(
            "<details id=\"scrutiny-warnings\" style=\"position:fixed;left:0;right:0;bottom:0;z-index:1000;max-height:50vh;overflow:auto;background:#fff;color:#0b0c0c;border-top:5px solid #f47738;padding:0.5rem 1rem;font:16px/1.5 monospace\"><summary style=\"font:700 19px/1.5 sans-serif;cursor:pointer\">{count} warning{s} in the content</summary><pre style=\"white-space:pre-wrap\">{}</pre></details>",
            crate::web::escape_html(warnings),
            s = if count == 1 { "" } else { "s" },
        ));
    }
    if let Some(problems) = problems {
        extra.push_str(&format!(
            "<div id=\"scrutiny-errors\" role=\"alert\" style=\"position:fixed;inset:0;z-index:1000;overflow:auto;background:#fff;color:#0b0c0c;border:8px solid #d4351c;padding:1.5rem;font:16px/1.5 monospace\"><h2 style=\"font:700 24px/1.3 sans-serif;margin:0 0 1rem\">The content has errors</h2><p style=\"font:19px/1.5 sans-serif\">Fix them and save: this page comes back by itself.</p><pre style=\"white-space:pre-wrap\">{}</pre></div>",
            crate::web::escape_html(problems)
        ));
    }
    match html.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &html[..at], &html[at..]).into_bytes(),
        None => format!("{html}{extra}").into_bytes(),
    }
}

fn respond(status: StatusCode, path: &str, bytes: Vec<u8>, head: bool) -> Response {
    let length = bytes.len();
    let body = if head {
        Body::empty()
    } else {
        Body::from(bytes)
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(path)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    response
}

async fn answer(State(served): State<Served>, request: Request) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    if !host.is_some_and(|h| host_allowed(h, served.address)) {
        return wrong_host(host, served.address);
    }
    let shared = served.shared;
    let head = request.method() == Method::HEAD;
    if request.method() != Method::GET && !head {
        let mut response = (
            StatusCode::METHOD_NOT_ALLOWED,
            "Only GET and HEAD are served.\n",
        )
            .into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let request_path = request.uri().path().to_owned();
    if request_path == EVENTS {
        return events(&shared).into_response();
    }
    if request_path == SCRIPT {
        return respond(
            StatusCode::OK,
            "reload.js",
            RELOAD_JS.as_bytes().to_vec(),
            head,
        );
    }
    let Ok(snapshot) = shared.snapshot.read() else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "The preview failed.\n").into_response();
    };
    let Some(path) = site_path(&request_path, &snapshot.base_path) else {
        return (
            StatusCode::BAD_REQUEST,
            "That path leads outside the site.\n",
        )
            .into_response();
    };
    let problems = snapshot.problems.as_deref();
    let folder_index = format!("{path}/index.html");
    let found = if let Some(bytes) = snapshot.files.get(&path) {
        Some((path, bytes.to_vec()))
    } else if let Some(source) = snapshot.copies.get(&path) {
        match read_copied(source) {
            Ok(bytes) => Some((path, bytes)),
            Err(why) => {
                return (
                    StatusCode::FORBIDDEN,
                    format!("This file is not served: {why}.\n"),
                )
                    .into_response();
            }
        }
    } else {
        // A folder asked for without its trailing slash: its index page.
        snapshot
            .files
            .get(&folder_index)
            .map(|bytes| (folder_index, bytes.to_vec()))
    };
    let (status, path, bytes) = match found {
        Some((path, bytes)) => (StatusCode::OK, path, bytes),
        None => {
            let page = snapshot
                .files
                .get("404.html")
                .map(|b| b.to_vec())
                .unwrap_or_else(|| {
                    b"<!DOCTYPE html><title>Not found</title><body><h1>Page not found</h1></body>"
                        .to_vec()
                });
            (StatusCode::NOT_FOUND, "404.html".to_owned(), page)
        }
    };
    let bytes = if path.ends_with(".html") {
        decorate(&bytes, problems, snapshot.warnings.as_deref())
    } else {
        bytes
    };
    respond(status, &path, bytes, head)
}

/// A file copied from content, read as a build would copy it: refused when it has become a
/// link since the content was loaded, wherever the link leads.
fn read_copied(source: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    crate::output::open_copied_file(source)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn events(shared: &Shared) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    let stream = BroadcastStream::new(shared.reload.subscribe())
        .filter_map(|version| version.ok())
        .map(|version| Ok(Event::default().event("reload").data(version.to_string())));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_page_shows_the_warnings_in_a_closed_panel_and_the_errors_over_everything() {
        let page = b"<html><body><p>Report</p></body></html>";
        let warned = String::from_utf8(super::decorate(
            page,
            None,
            Some("warning: <late> paper\n\nwarning: another"),
        ))
        .unwrap();
        assert!(warned.contains("2 warnings in the content"), "{warned}");
        assert!(warned.contains("&lt;late&gt; paper"), "{warned}");
        assert!(!warned.contains("scrutiny-errors"));
        let failed =
            String::from_utf8(super::decorate(page, Some("error: x"), Some("warning: y"))).unwrap();
        assert!(failed.contains("scrutiny-errors"));
        assert!(
            !failed.contains("scrutiny-warnings"),
            "errors first: {failed}"
        );
    }

    use super::{host_allowed, site_path};

    #[test]
    fn only_this_computer_is_answered() {
        let loopback: std::net::SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for host in [
            "localhost",
            "localhost:1111",
            "LOCALHOST:1111",
            "localhost.:1111",
            "127.0.0.1:1111",
            "127.1.2.3:1111",
            "[::1]:1111",
            "[::1]",
        ] {
            assert!(host_allowed(host, loopback), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost:2222",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "192.168.1.20:1111",
            "[::1]x",
            "[::1:1111",
            "",
        ] {
            assert!(!host_allowed(host, loopback), "{host}");
        }
        let lan: std::net::SocketAddr = "192.168.1.20:1111".parse().unwrap();
        assert!(host_allowed("192.168.1.20:1111", lan));
        assert!(!host_allowed("10.0.0.1:1111", lan));
        let everywhere: std::net::SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(host_allowed("10.0.0.1:1111", everywhere));
        assert!(!host_allowed("mylaptop.example:1111", everywhere));
    }

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        assert_eq!(site_path("/", "/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/dudley/", "/").as_deref(),
            Some("dudley/index.html")
        );
        assert_eq!(
            site_path("/scrutiny/dudley/", "/scrutiny/").as_deref(),
            Some("dudley/index.html")
        );
        assert_eq!(
            site_path("/assets/style.css", "/").as_deref(),
            Some("assets/style.css")
        );
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/a\\..\\b",
            "/%00",
        ] {
            assert_eq!(site_path(bad, "/"), None, "{bad}");
        }
    }
}
