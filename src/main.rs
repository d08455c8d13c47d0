//! The `verity` command: build, check and start sites.

#![forbid(unsafe_code)]

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use verity::RunParams;
use verity::diagnostics::report::{self, Format};
use verity::model::Date;

// A build makes and frees millions of small strings on every core; the
// system allocator spends a fifth of a build on them, mimalloc a fraction.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Verity builds NHS patient guidance sites from canonical rule data and
/// refuses to publish a page that contradicts it.
#[derive(Parser)]
#[command(name = "verity", version, about)]
struct Cli {
    /// The site folder (the one holding site.toml).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Show every warning in full (by default, the first five of each kind
    /// and a count of the rest).
    #[arg(long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the site, then write it (nothing is written if there are errors).
    Build {
        /// Where to write the site (default: `output_dir` in site.toml).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Build as of this date (YYYY-MM-DD), to preview a change in law.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        /// How to show problems.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Check the site without writing anything.
    Check {
        /// How to show problems.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Check as of this date (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
    },
    /// Preview the site in a browser, rebuilding on every save.
    Serve {
        /// The port to listen on (0 picks a free one).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. Anything but a loopback address lets
        /// other computers see the preview.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Poll for changes, for file systems where change events fail.
        #[arg(long)]
        poll: bool,
        /// Judge rules and reviews as of this date (YYYY-MM-DD).
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
    },
    /// Start a new site from the built-in example (`verity new DIR`), or
    /// a new page in this site (`verity new page "Title"`).
    New {
        /// The folder to create (it must not exist, or be empty), or `page`.
        dir: PathBuf,
        /// With `page`: the new page's title.
        title: Option<String>,
        /// With `page`: make it one trust's own page (its folder name)
        /// rather than a page every trust gets.
        #[arg(long)]
        trust: Option<String>,
    },
    /// Say what a diagnostic code means and how to fix it.
    Explain {
        /// The code, as shown in brackets: `deadline-mismatch`.
        code: String,
    },
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, verity::Error> {
    let style = report::Style {
        color: std::io::stderr().is_terminal(),
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Build {
            out,
            as_of,
            format,
            timings,
        } => {
            let params = RunParams {
                as_of: as_of.unwrap_or_else(Date::today),
                output: out,
            };
            let outcome = verity::build_site(&cli.root, params)?;
            print_report(
                &report::render(&outcome.diagnostics, outcome.summary, format, style),
                format,
            );
            if timings {
                eprint!("{}", outcome.timings.report());
            }
            match outcome.written {
                Some((dir, files)) => {
                    eprintln!("wrote {files} files to {}", dir.display());
                    Ok(ExitCode::SUCCESS)
                }
                None => {
                    eprintln!("nothing was written: fix the errors above and build again");
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Check {
            format,
            as_of,
            timings,
        } => {
            let params = RunParams::as_of(as_of.unwrap_or_else(Date::today));
            let outcome = verity::check_site(&cli.root, params)?;
            print_report(
                &report::render(&outcome.diagnostics, outcome.summary, format, style),
                format,
            );
            if timings {
                eprint!("{}", outcome.timings.report());
            }
            Ok(if outcome.diagnostics.has_errors() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Serve {
            port,
            bind,
            poll,
            as_of,
        } => {
            verity::serve::serve(verity::serve::ServeOptions {
                root: cli.root,
                bind,
                port,
                poll,
                as_of: as_of.unwrap_or_else(Date::today),
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New { dir, title, trust } => match title {
            Some(title) if dir.as_os_str() == "page" => {
                let page = verity::write_page(&cli.root, &title, trust.as_deref(), Date::today())?;
                eprintln!("started {}", page.display());
                eprintln!(
                    "next: open it, write its description and topics, then run `verity serve` to see it"
                );
                Ok(ExitCode::SUCCESS)
            }
            Some(_) => Err(verity::Error::Usage(
                "a title goes with `verity new page \"Title\"`; to start a site, write `verity new DIR`"
                    .to_string(),
            )),
            None => {
                let files = verity::write_example(&dir)?;
                eprintln!("created a new site with {files} files in {}", dir.display());
                eprintln!("next: cd {} && verity serve", dir.display());
                Ok(ExitCode::SUCCESS)
            }
        },
        Command::Explain { code } => explain(&code),
    }
}

/// Prints the reference for a code, or the closest codes to a mistyped
/// one.
fn explain(name: &str) -> Result<ExitCode, verity::Error> {
    use verity::diagnostics::Code;
    let name = name.trim().trim_matches(['[', ']']);
    match Code::from_name(name).and_then(verity::diagnostics::explain::explain) {
        Some(text) => {
            print!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let names = Code::ALL.iter().map(|c| c.as_str());
            let hint = match verity::model::keywords::did_you_mean(name, names) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "the code is the word in brackets after `error` or `warning`, such as `deadline-mismatch`".to_string(),
            };
            Err(verity::Error::Usage(format!(
                "there is no code `{name}`: {hint}"
            )))
        }
    }
}

/// Machine formats go to standard output so that tools can read them;
/// the human report goes to standard error, beside progress messages.
fn print_report(text: &str, format: Format) {
    match format {
        Format::Human => eprint!("{text}"),
        Format::Json | Format::Github => print!("{text}"),
    }
}
