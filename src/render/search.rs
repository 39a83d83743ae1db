//! The search page. The index it searches is written by [`crate::output::search`] from the
//! entries of the report pages.

use serde::Serialize;

use super::page::{Page, PageCommon, RenderContext, home_crumb, render, root_of};
use crate::content::Authority;
use crate::diagnostic::Diagnostic;

/// The search page, which links each of `authorities` for readers without JavaScript.
pub fn search_page(
    cx: &RenderContext<'_>,
    authorities: &[Authority],
    draft: bool,
) -> Result<Page, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Council {
        name: String,
        href: String,
    }
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        councils: Vec<Council>,
    }
    let path = "search/index.html".to_owned();
    let root = root_of(&path);
    // Without JavaScript, the page links every council's list of reports.
    let councils = authorities
        .iter()
        .map(|a| Council {
            name: a.meta.name.clone(),
            href: format!("{root}{}", a.page_path()),
        })
        .collect();
    let page = PageCommon::new(
        cx.config,
        &path,
        "Search reports",
        &format!("Search the reports of {}.", cx.config.title),
        vec![home_crumb(&root)],
        draft,
    );
    render(cx.theme, "search.html", &Context { page, councils }, path)
}
