//! Writes a large, realistic site root for benchmarks:
//!
//! ```text
//! cargo run --release --example corpus -- DIR --authorities 150 --reports 40 [--seed 7] [--plain]
//! ```
//!
//! Each report has 3–8 KB of narrative with numbered sections, lists and a table, three charts
//! and one table block, each drawing the report's own datasets (so no cache can share a chart
//! between reports). About one report in twenty is a draft and one in thirty is exempt. The same
//! seed writes the same bytes. `--plain` leaves out the chart and table blocks, for comparing
//! Markdown rendering alone with other generators.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A small deterministic generator (xorshift64*), so the corpus needs no dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "family",
    "safeguarding",
    "children",
    "social",
    "care",
    "partners",
    "workers",
    "adult",
    "domestic",
    "abuse",
    "mental",
    "health",
    "substance",
    "misuse",
    "practice",
    "model",
    "teams",
    "outcomes",
    "plans",
    "protection",
    "committee",
    "members",
    "progress",
    "funding",
    "budget",
    "evaluation",
    "training",
    "supervision",
    "workbook",
    "motivational",
    "interviewing",
    "recruitment",
    "vacancies",
    "caseloads",
    "improvement",
    "inspection",
    "partnership",
    "board",
    "strategy",
    "support",
    "early",
    "help",
    "review",
    "assessment",
    "locality",
    "hubs",
    "the",
    "and",
    "of",
    "to",
    "in",
    "for",
    "with",
    "on",
    "by",
    "has",
    "been",
    "will",
    "are",
    "is",
    "a",
    "this",
];

const HEADINGS: &[&str] = &[
    "Background",
    "Progress",
    "Partnership",
    "Workforce",
    "Training",
    "Finance",
    "Performance",
    "Risk management",
    "Equality impact",
    "Legal implications",
    "Next steps",
    "Consultation",
];

fn sentence(random: &mut Random) -> String {
    let length = 8 + random.below(14) as usize;
    let mut words: Vec<&str> = (0..length).map(|_| random.pick(WORDS)).collect();
    let first = words[0];
    let capitalised = format!("{}{}", first[..1].to_uppercase(), &first[1..]);
    words[0] = &capitalised;
    format!("{}.", words.join(" "))
}

fn paragraph(random: &mut Random) -> String {
    let count = 2 + random.below(4) as usize;
    (0..count)
        .map(|_| sentence(random))
        .collect::<Vec<_>>()
        .join(" ")
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

fn dataset(random: &mut Random, title: &str, monthly: bool) -> String {
    let mut text = format!("title: {title}\nsource: Corpus generator\n");
    if monthly {
        text.push_str("columns:\n  - { id: month, label: Month, type: date }\n  - { id: children, label: Children, type: number }\n  - { id: families, label: Families, type: number }\nrows:\n");
        for m in 0..12 {
            let _ = writeln!(
                text,
                "  - [2023-{:02}, {}, {}]",
                m + 1,
                100 + random.below(300),
                50 + random.below(150)
            );
        }
    } else {
        text.push_str("columns:\n  - { id: team, label: Team }\n  - { id: in_post, label: In post, type: number }\n  - { id: establishment, label: Establishment, type: number }\nrows:\n");
        for team in [
            "Domestic abuse",
            "Mental health",
            "Substance misuse",
            "Outreach",
            "Psychology",
        ] {
            let establishment = 2 + random.below(6);
            let _ = writeln!(
                text,
                "  - [{team}, {}, {establishment}]",
                random.below(establishment + 1)
            );
        }
    }
    text
}

fn report(
    random: &mut Random,
    authority: usize,
    number: usize,
    plain: bool,
) -> (String, Vec<(String, String)>) {
    let prefix = format!("r{number:03}");
    let datasets = vec![
        (
            format!("{prefix}-monthly"),
            dataset(
                random,
                &format!("Children and families, report {number}"),
                true,
            ),
        ),
        (
            format!("{prefix}-posts"),
            dataset(random, &format!("Posts in post, report {number}"), false),
        ),
        (
            format!("{prefix}-teams"),
            dataset(random, &format!("Teams, report {number}"), false),
        ),
    ];
    let status = match random.below(60) {
        0..=2 => "draft",
        _ => "final",
    };
    let exempt = if random.below(30) == 0 {
        "3\npublic_interest: The report sets out the terms the council is negotiating, which would harm its position if known."
    } else {
        "false"
    };
    let month = 1 + number % 12;
    let year = 2015 + (number / 12) % 10;
    let mut text = format!(
        "---\ntitle: {} update {number}\ncommittee: children-scrutiny\nmeeting: {year}-{month:02}-{:02}\nitem: \"{}\"\nreport_of: Director of Children's Services\nauthors:\n  - {{ name: Officer {authority}, role: Report author, phone: \"01234 567890\", email: officer{authority}@example.gov.uk }}\nwards: [All]\nstatus: {status}\nexempt: {exempt}\nnumbering: sections\nsummary: {}\nrecommendations:\n  - That the committee notes the progress.\n---\n\n",
        random.pick(HEADINGS),
        1 + number % 28,
        4 + number % 5,
        sentence(random),
    );
    let target = 3000 + random.below(5000) as usize;
    let mut section = 0;
    while text.len() < target {
        section += 1;
        let _ = writeln!(text, "## {}\n", random.pick(HEADINGS));
        for _ in 0..2 + random.below(3) {
            let _ = writeln!(text, "{}\n", paragraph(random));
        }
        if section % 2 == 0 {
            for _ in 0..3 {
                let _ = writeln!(text, "- {}", sentence(random));
            }
            text.push('\n');
        }
        if section == 3 {
            text.push_str("| Measure | Value |\n|---|---|\n");
            for _ in 0..4 {
                let _ = writeln!(text, "| {} | {} |", random.pick(WORDS), random.below(1000));
            }
            text.push('\n');
        }
    }
    if !plain {
        let _ = writeln!(
            text,
            "{}\n\n```chart\ndata: {prefix}-monthly\ntype: line\nx: month\ny: [children, families]\n```\n",
            paragraph(random)
        );
        let _ = writeln!(
            text,
            "{}\n\n```chart\ndata: {prefix}-posts\ntype: progress\nx: team\ny: [in_post, establishment]\n```\n",
            paragraph(random)
        );
        let _ = writeln!(
            text,
            "{}\n\n```chart\ndata: {prefix}-teams\ntype: bar\nx: team\ny: [in_post, establishment]\n```\n",
            paragraph(random)
        );
        let _ = writeln!(
            text,
            "{}\n\n```table\ndata: {prefix}-posts\n```\n",
            paragraph(random)
        );
    }
    (text, datasets)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str, default: u64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .map_or(default, |v| {
                v.parse()
                    .unwrap_or_else(|_| panic!("{name} takes a number"))
            })
    };
    let Some(dir) = args
        .first()
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
    else {
        eprintln!(
            "usage: cargo run --release --example corpus -- DIR --authorities N --reports M [--seed S] [--plain]"
        );
        std::process::exit(2);
    };
    let authorities = value("--authorities", 150) as usize;
    let reports = value("--reports", 40) as usize;
    let plain = args.iter().any(|a| a == "--plain");
    let mut random = Random(value("--seed", 7).max(1));
    let content = dir.join("content");
    write(
        &content.join("site.yaml"),
        "title: Scrutiny corpus\nbase_url: https://scrutiny.example.gov.uk/\n",
    );
    for a in 0..authorities {
        let slug = format!("authority-{a:03}");
        let folder = content.join(&slug);
        write(
            &folder.join("authority.yaml"),
            &format!(
                "name: Authority {a} Council\nshort_name: Authority {a}\ncommittees:\n  children-scrutiny: Children's Scrutiny Committee\n"
            ),
        );
        for r in 0..reports {
            let (text, datasets) = report(&mut random, a, r, plain);
            write(
                &folder.join("reports").join(format!("report-{r:03}.md")),
                &text,
            );
            if !plain {
                for (id, data) in datasets {
                    write(&folder.join("data").join(format!("{id}.yaml")), &data);
                }
            }
        }
    }
    println!(
        "wrote {} authorities × {} reports into {}",
        authorities,
        reports,
        dir.display()
    );
}
