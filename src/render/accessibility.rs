//! The accessibility statement, from what the council declares in `site.yaml`.

use serde::Serialize;

use super::page::{Page, PageCommon, RenderContext, home_crumb, render, root_of};
use crate::diagnostic::Diagnostic;

pub fn accessibility_page(cx: &RenderContext<'_>, draft: bool) -> Result<Page, Vec<Diagnostic>> {
    #[derive(Serialize)]
    struct Context {
        page: PageCommon,
        statement: Statement,
    }
    #[derive(Serialize)]
    struct Statement {
        contact: Option<String>,
        contact_is_email: bool,
        compliance: String,
        known_problems: Vec<String>,
        prepared: Option<String>,
        reviewed: Option<String>,
    }
    let path = "accessibility/index.html".to_owned();
    let root = root_of(&path);
    let config = cx.config;
    let declared = &config.accessibility;
    // Only what the council declares: anything else reads as not yet assessed.
    let compliance = match declared.compliance.as_deref().map(str::trim) {
        Some("full") => "full",
        Some("partial") => "partial",
        Some("not") => "not",
        _ => "unknown",
    }
    .to_owned();
    let context = Context {
        page: PageCommon::new(
            config,
            &path,
            "Accessibility statement",
            &format!("Accessibility statement for {}.", config.title),
            vec![home_crumb(&root)],
            draft,
        ),
        statement: Statement {
            contact_is_email: declared
                .contact
                .as_deref()
                .is_some_and(crate::web::is_email),
            contact: declared.contact.clone(),
            compliance,
            known_problems: declared.known_problems.clone(),
            prepared: declared.prepared.map(|d| d.long()),
            reviewed: declared.reviewed.map(|d| d.long()),
        },
    };
    render(cx.theme, "accessibility.html", &context, path)
}
