//! The search page. The index it searches is written by [`crate::output::search`] from the
//! entries of the report pages.

use serde::Serialize;

use super::RenderContext;
use super::page::{Page, PageCommon, home_crumb, render, root_of};
use crate::diagnostic::Diagnostic;

pub fn search_page(cx: &RenderContext<'_>, draft: bool) -> Result<Page, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
    }
    let path = "search/index.html".to_owned();
    let root = root_of(&path);
    let page = PageCommon::new(
        cx.config,
        &path,
        "Search reports",
        &format!("Search the reports of {}.", cx.config.title),
        vec![home_crumb(&root)],
        draft,
    );
    render(cx.theme, "search.html", &Context { page }, path)
}
