//! The `scrutiny` command: parses arguments, calls the library, prints diagnostics and sets the
//! exit code. Nothing here decides what a page contains.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

/// A build makes and frees millions of small strings from many threads at once, which
/// mimalloc does faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in the mimalloc that libmimalloc-sys builds (its `mimalloc.h`).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps freed memory for reuse rather than returning it to the system 10 ms later: a build
/// frees and allocates again all the time, and each return costs the kernel a page fault and a
/// page of zeros (a third of a large build's system time).
fn keep_freed_memory() {
    // SAFETY: sets a documented mimalloc option; called once, first thing in main.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}
use scrutiny::output::Sink;
use scrutiny::render::Audience;

/// Static site generator for council committee reports: Markdown and YAML in, an accessible
/// HTML scrutiny pack out.
#[derive(Parser)]
#[command(name = "scrutiny", version, about, long_about = None)]
struct Cli {
    /// The site root: the folder that holds content/ (and optionally themes/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    root: PathBuf,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into output/ (or --output DIR).
    ///
    /// Example: scrutiny build --base-url https://www.example.gov.uk/scrutiny/
    Build {
        /// Include draft reports, with a "Draft — not for publication" banner. Writes to
        /// output-preview/ unless --output says otherwise, never to output/.
        #[arg(long)]
        drafts: bool,
        /// The folder to write the site into.
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// The absolute URL the site will live at, overriding site.yaml's base_url.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Preview the site with drafts on 127.0.0.1, rebuilding and reloading the page on every save.
    ///
    /// Example: scrutiny serve --port 1111 --open
    Serve {
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Only loopback unless you say otherwise.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: std::net::IpAddr,
        /// Show exempt papers under an "Exempt — not for publication" banner (loopback only).
        #[arg(long)]
        exempt: bool,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
    },
    /// Start a site, an authority or a report, with every field explained.
    #[command(subcommand)]
    New(NewCommand),
    /// Bring national statistics into a dataset.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write JSON Schemas of the content files into DIR, for editors that check YAML as you type.
    ///
    /// Example: scrutiny schema .schemas
    Schema {
        /// The folder to write the schemas into.
        dir: PathBuf,
    },
    /// Check the content for problems without writing anything; exit code 1 on any error.
    ///
    /// Example: scrutiny check --strict
    Check {
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Repair the mechanical problems in the content files (typed paragraph numbers,
        /// Word's curly quotes, tabs, pasted tab tables), then check again.
        #[arg(long)]
        fix: bool,
        /// How to print problems: human (default) or json.
        #[arg(long, default_value = "human", value_name = "FORMAT")]
        format: String,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// A Department for Education statistics CSV: England and one authority side by side.
    ///
    /// Example: scrutiny import dfe cla_rates.csv --la E08000027 --authority dudley --measure rate_per_10000
    Dfe {
        /// The CSV file, as downloaded from Explore Education Statistics.
        csv: PathBuf,
        /// The local authority: its code (new or old) or its name.
        #[arg(long)]
        la: String,
        /// The authority folder under content/ to write the dataset into.
        #[arg(long)]
        authority: String,
        /// The column that holds the values (default: number).
        #[arg(long)]
        measure: Option<String>,
        /// The dataset id (default: dfe-<measure>).
        #[arg(long)]
        id: Option<String>,
        /// Bring the dataset up to date with a newer file: new periods added, published ones
        /// replaced, its title, source, notes and labels kept as edited.
        #[arg(long)]
        update: bool,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A new site in DIR, ready to build.
    ///
    /// Example: scrutiny new site my-council-scrutiny
    Site {
        /// The folder to make the site in.
        dir: PathBuf,
    },
    /// A new authority folder under content/.
    ///
    /// Example: scrutiny new authority dudley --name "Dudley Metropolitan Borough Council"
    Authority {
        /// The folder name, used in web addresses: lower-case letters, digits and hyphens.
        slug: String,
        /// The council's full name.
        #[arg(long)]
        name: Option<String>,
    },
    /// A new report, as a draft, under an authority.
    ///
    /// Example: scrutiny new report dudley family-safeguarding-update --committee scrutiny --meeting 2024-07-18
    Report {
        /// The authority's folder name.
        authority: String,
        /// The report's file name without .md, used in its web address.
        slug: String,
        /// The committee id from authority.yaml (the first one if left out).
        #[arg(long)]
        committee: Option<String>,
        /// The meeting date, YYYY-MM-DD (today if left out).
        #[arg(long)]
        meeting: Option<String>,
    },
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            drafts,
            output,
            base_url,
        } => build(&cli.root, drafts, output, base_url.as_deref()),
        Command::Check {
            strict,
            format,
            fix,
        } => check(&cli.root, strict, &format, fix),
        Command::New(what) => new(&cli.root, what),
        Command::Import(ImportCommand::Dfe {
            csv,
            la,
            authority,
            measure,
            id,
            update,
        }) => {
            let import = scrutiny::import::dfe::DfeImport {
                csv,
                la,
                authority,
                measure,
                id,
                update,
            };
            match scrutiny::import::dfe::import(&cli.root, &import) {
                Ok(imported) => {
                    for warning in &imported.warnings {
                        eprintln!("warning: {warning}");
                    }
                    println!("wrote {}", imported.path.display());
                    ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Schema { dir } => match scrutiny::scaffold::write_schemas(&cli.root.join(dir)) {
            Ok(written) => {
                for path in written {
                    println!("wrote {}", path.display());
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        },
        Command::Serve {
            port,
            bind,
            exempt,
            open,
        } => {
            let options = scrutiny::serve::ServeOptions {
                root: cli.root.clone(),
                bind,
                port,
                exempt,
                open,
            };
            match scrutiny::serve::serve(options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn print_diagnostics(outcome: &scrutiny::Outcome) {
    for diagnostic in &outcome.diagnostics {
        eprintln!("{}\n", diagnostic.render(&outcome.sources));
    }
}

fn build(root: &Path, drafts: bool, output: Option<PathBuf>, base_url: Option<&str>) -> ExitCode {
    use scrutiny::output::OutputKind;
    let started = Instant::now();
    let public = root.join("output");
    let output = output.unwrap_or_else(|| {
        if drafts {
            root.join("output-preview")
        } else {
            public.clone()
        }
    });
    let kind = if drafts {
        OutputKind::Drafts
    } else {
        OutputKind::Public
    };
    let mut outcome = None;
    let written = scrutiny::output::write_atomically(&output, kind, &public, |sink| {
        let progress = Progress::new(sink, started);
        let built = scrutiny::build_site(
            root,
            Audience {
                drafts,
                exempt: false,
            },
            base_url,
            &progress,
        );
        progress.bar.finish_and_clear();
        let copies = built.rendered.as_ref().map(|r| r.copies.clone());
        outcome = Some(built);
        copies
    });
    let written = match written {
        Ok(written) => written,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let Some(outcome) = outcome else {
        return ExitCode::FAILURE;
    };
    print_diagnostics(&outcome);
    let (Some(rendered), Some(folder)) = (&outcome.rendered, written) else {
        let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "build failed: {errors} error{} found; nothing was written, and {} is as it was",
            if errors == 1 { "" } else { "s" },
            output.display()
        );
        return ExitCode::FAILURE;
    };
    let through = if folder == output {
        String::new()
    } else {
        format!(" (the folder it links to, {})", folder.display())
    };
    println!(
        "Built {} pages and {} charts into {}{through} in {:.2} s",
        rendered.pages,
        rendered.charts,
        output.display(),
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

/// The output folder with a progress bar on a terminal, shown once a build has taken a second.
struct Progress<'a> {
    sink: &'a dyn Sink,
    bar: indicatif::ProgressBar,
    started: Instant,
    done: std::sync::atomic::AtomicUsize,
}

impl<'a> Progress<'a> {
    fn new(sink: &'a dyn Sink, started: Instant) -> Self {
        let bar = indicatif::ProgressBar::hidden().with_style(
            indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {percent}%, {eta} left")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message("Rendering");
        Progress {
            sink,
            bar,
            started,
            done: std::sync::atomic::AtomicUsize::new(0),
        }
    }
}

impl Sink for Progress<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), String> {
        self.sink.write(path, bytes)
    }

    fn job_done(&self, total: usize) {
        use std::io::IsTerminal;
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if self.bar.is_hidden()
            && self.started.elapsed().as_secs_f64() > 1.0
            && std::io::stderr().is_terminal()
        {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
    }
}

fn check(root: &Path, strict: bool, format: &str, fix: bool) -> ExitCode {
    let mut outcome = scrutiny::check_site(root);
    // A repair can bring to light another that it hid: repair until nothing more is repaired.
    let mut rounds = 0;
    while fix && rounds < 5 && outcome.diagnostics.iter().any(|d| d.fix.is_some()) {
        rounds += 1;
        let (fixed, not_fixed) = scrutiny::fix::apply(root, &outcome.diagnostics);
        for file in &fixed {
            let s = if file.problems == 1 { "" } else { "s" };
            eprintln!("fixed {} problem{s} in {}", file.problems, file.file);
        }
        for file in &not_fixed {
            eprintln!("not fixed: {}: {}", file.file, file.why);
        }
        if fixed.is_empty() {
            break;
        }
        outcome = scrutiny::check_site(root);
    }
    if rounds > 0 {
        eprintln!();
    }
    if format == "json" {
        match serde_json::to_string_pretty(&outcome.diagnostics) {
            Ok(json) => println!("{json}"),
            Err(e) => eprintln!("error: {e}"),
        }
    } else {
        print_diagnostics(&outcome);
    }
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    if format != "json" {
        eprintln!(
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        );
    }
    if errors > 0 || (strict && warnings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn new(root: &Path, what: NewCommand) -> ExitCode {
    let result = match &what {
        NewCommand::Site { dir } => scrutiny::scaffold::new_site(&root.join(dir)),
        NewCommand::Authority { slug, name } => {
            scrutiny::scaffold::new_authority(root, slug, name.as_deref())
        }
        NewCommand::Report {
            authority,
            slug,
            committee,
            meeting,
        } => scrutiny::scaffold::new_report(
            root,
            authority,
            slug,
            committee.as_deref(),
            meeting.as_deref(),
        ),
    };
    match result {
        Ok(written) => {
            for path in written.iter().filter(|p| !p.ends_with(".gitkeep")) {
                println!("wrote {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
