//! `404.html`: shown by a web server at any address it has no page for, so its links start
//! from the site's own path and its styles are inline.

use serde::Serialize;

use super::page::{Page, PageCommon, RenderContext, home_crumb, render};
use crate::diagnostic::Diagnostic;

pub fn not_found_page(cx: &RenderContext<'_>) -> Result<Page, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        inline_css: String,
    }
    let path = "404.html".to_owned();
    let mut page = PageCommon::new(
        cx.config,
        &path,
        "Page not found",
        "There is no page at this address.",
        Vec::new(),
        false,
    );
    page.root = crate::web::base_path(&cx.config.base_url());
    page.breadcrumbs = vec![home_crumb(&page.root)];
    let css = cx
        .theme
        .assets
        .get("style.css")
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .unwrap_or_default();
    // Inside a <style> element only `</style` could end it early; the theme's CSS never holds it.
    let inline_css = css
        .replace("url(\"fonts/", &format!("url(\"{}assets/fonts/", page.root))
        .replace("</", "<\\/");
    render(cx.theme, "404.html", &Context { page, inline_css }, path)
}
