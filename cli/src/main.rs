//! `fwpolicy` — the command-line face of fwpolicy-core, for automation and scripted checks.
//!
//! The command line is parsed by clap (derive): `fwpolicy <command> --help` and
//! `fwpolicy help <command>` show a command's options and an example, `--` ends the options,
//! an option given twice is an error, and `fwpolicy completions SHELL` prints a completion
//! script. Exit codes: 0 success; 1 the input or the export is invalid, or an output could not
//! be written (message on stderr); 2 usage error (unknown command or option, missing argument,
//! unknown preset or format, `-o` naming the input).

mod files;

use std::ffi::OsStr;
use std::io::{self, IsTerminal};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Arg, ArgAction, ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use clap_complete::Shell;
use fwpolicy_core::formats::limits::MAX_INPUT_BYTES;
use fwpolicy_core::formats::{self, link, Format, WriteOptions};
use fwpolicy_core::model::diagnostic::{Diagnostic, Severity};
use fwpolicy_core::model::edit_args::{self, EditArg, OPERATIONS};
use fwpolicy_core::model::scope::parse_ipv4;
use fwpolicy_core::{
    analysis::compare, analysis::exposure, analysis::lint, formats::project, presets, resultant,
    rollout,
};
use fwpolicy_core::{ProfileKind, ScopeItem};

use files::{is_dash, shown, Stdout};

const AFTER_HELP: &str = "\
Formats: json, registry-pol, lgpo, reg, link (read and write); netsh, netsh-advfirewall,
powershell, report-html, report-md (write only). The input format is detected from content
unless --from is given. Inputs above 64 MiB are refused (--max-input BYTES changes the limit).
An input given as a share link ('https://…#p=…' or '#p=…') is read from the argument itself.

Exit codes: 0 success; 1 the input or the export is invalid, or the output could not be
written; 2 usage error.

Run `fwpolicy help <COMMAND>` (or `fwpolicy <COMMAND> --help`) for a command's options and an
example.";

/// fwpolicy — Windows Firewall Group Policy editor, command line
#[derive(Parser)]
#[command(
    name = "fwpolicy",
    version,
    after_help = AFTER_HELP,
    subcommand_required = true,
    arg_required_else_help = true,
    args_override_self = false
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List presets (one per line: id, a tab, the title)
    #[command(after_help = "Example:\n  fwpolicy presets")]
    Presets,
    /// Print a preset as a JSON project
    #[command(after_help = "Example:\n  fwpolicy preset sbs-2003-xp-sp2 > sbs.fwpolicy.json")]
    Preset {
        /// The preset's id (see `fwpolicy presets`)
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Read FILE, print its diagnostics and lint findings; exit 1 if there are errors
    #[command(after_help = "Example:\n  fwpolicy check sbs.fwpolicy.json")]
    Check {
        /// The policy file, or - for standard input
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Convert INPUT to another format
    #[command(after_help = "\
Binary output (registry-pol, reg) needs -o unless standard output is not a terminal. -o must not
name the input; an existing output file is replaced only once the new one is complete.
A share link (--to link) carries the whole project in its #p= fragment, which browsers never
send to a server; it is refused above 8,000 characters (base address included): share the
project file instead. INPUT may be such a link ('https://…#p=…' or '#p=…').

Examples:
  fwpolicy convert sbs.fwpolicy.json --to registry-pol -o Registry.pol
  fwpolicy convert - --to powershell < policy.reg
  fwpolicy convert policy.pol --to link --link-base https://admin.example.org/fwpolicy/
  fwpolicy convert 'https://admin.example.org/fwpolicy/#p=Anja…' --to json")]
    Convert(ConvertArgs),
    /// Apply edits to a policy file, changing only what they touch
    #[command(after_help = edit_after_help())]
    Edit(EditArgs),
    /// List the differences between two policies
    #[command(after_help = "\
At most one of OLD and NEW can be - (standard input can be read only once). --format md writes
Markdown for a change ticket (one table per setting: before → after, list items added, removed
or changed); --format json writes an object with \"format\": \"fwpolicy-diff\" and its \"changes\".

Examples:
  fwpolicy diff old.fwpolicy.json Registry.pol
  fwpolicy diff old.fwpolicy.json Registry.pol --format md > change.md")]
    Diff {
        /// The old policy file, a share link, or - for standard input
        #[arg(value_name = "OLD")]
        old: PathBuf,
        /// The new policy file, a share link, or - for standard input
        #[arg(value_name = "NEW")]
        new: PathBuf,
        /// Output: text (one line per change), md (Markdown for a change ticket) or json
        #[arg(long, value_name = "FORMAT", default_value = "text", value_parser = ["text", "md", "json"])]
        format: String,
        #[command(flatten)]
        input: InputArgs,
    },
    /// Merge GPOs in the order they apply into the policy a client ends up with
    #[command(after_help = RESULTANT_AFTER_HELP)]
    Resultant(ResultantArgs),
    /// Show what each profile lets other computers reach, or answer "can ADDR reach PORT?"
    #[command(after_help = "\
Without --from and --port, prints per profile a table of every service, port and program
exception and ICMP message the policy lets in, with its scope and side effects. With them,
answers whether ADDR can reach PORT/PROTO (tcp, udp, or icmp with an ICMP type: 8/icmp is
ping) and names the rule(s) that allow it. A localsubnet scope is answered \"only if ADDR is
on the client's subnet\" unless --local-subnet says which subnets the client is on.
Exit 0 once answered, whatever the answer.

Examples:
  fwpolicy exposure sbs.fwpolicy.json --profile domain
  fwpolicy exposure Registry.pol --from 10.2.3.4 --port 3389/tcp --profile domain")]
    Exposure(ExposureArgs),
    /// Simulate how a policy change reaches N clients
    #[command(
        after_help = "Example:\n  fwpolicy rollout sbs.fwpolicy.json --clients 250 --seed 1 --format csv"
    )]
    Rollout(Box<RolloutArgs>),
    /// Print a shell completion script
    #[command(after_help = "\
Examples:
  fwpolicy completions bash > ~/.local/share/bash-completion/completions/fwpolicy
  fwpolicy completions zsh > ~/.zfunc/_fwpolicy
  fwpolicy completions fish > ~/.config/fish/completions/fwpolicy.fish
  fwpolicy completions powershell >> $PROFILE")]
    Completions {
        /// The shell
        #[arg(value_name = "SHELL")]
        shell: Shell,
    },
    /// Print the version (same as --version)
    #[command(hide = true)]
    Version,
}

/// The options of every command that reads a policy file.
#[derive(Args)]
struct InputArgs {
    /// The input's format (default: detected from content)
    #[arg(long, value_name = "FORMAT", value_parser = FormatParser { readable_only: true })]
    from: Option<Format>,
    /// Refuse inputs larger than BYTES (default 67108864, 64 MiB)
    #[arg(long, value_name = "BYTES", default_value_t = MAX_INPUT_BYTES, hide_default_value = true, value_parser = Number::<u64>::new())]
    max_input: u64,
}

#[derive(Args)]
struct ConvertArgs {
    /// The input file, a share link ('https://…#p=…' or '#p=…'), or - for standard input
    #[arg(value_name = "INPUT")]
    input: PathBuf,
    /// The output format
    #[arg(long, value_name = "FORMAT", value_parser = FormatParser { readable_only: false })]
    to: Format,
    /// The editor's address a share link starts with (--to link; default: the fragment
    /// #p=… alone, to append to the editor's address)
    #[arg(long, value_name = "URL")]
    link_base: Option<String>,
    /// Write to OUT instead of standard output (- is standard output)
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<PathBuf>,
    /// The "generated" line of reports (default: the current time, e.g. 2026-12-06 20:15 UTC)
    #[arg(long, value_name = "TEXT")]
    generated: Option<String>,
    /// The policy as last exported (any readable format): reports list the changes since
    #[arg(long, value_name = "FILE")]
    since: Option<PathBuf>,
    /// Set the project's title
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    #[command(flatten)]
    input_args: InputArgs,
}

const RESULTANT_AFTER_HELP: &str = "\
Precedence: the first FILE is applied first and has the lowest precedence; the last one wins
where two GPOs set the same value, and the exception lists add up. Give the GPOs as Windows
applies them: local, site, domain, then each OU from the farthest to the one holding the
computer; within one container from the highest link order down to link order 1, which is
applied last. Enforced links, Block Inheritance and filtering decide which GPOs apply, not
this order: give only the GPOs that apply.

Each FILE is a Registry.pol, a GPMC backup folder (one GPO or \"Back Up All\"), a SYSVOL
Policies\\{GUID} folder (or the Policies folder), or a .zip of such folders. A folder or zip
holding several GPOs contributes them in the order listed on standard error (its entries in
name order, a zip's in archive order); to choose another order, give the GPOs one by one.
Only computer-side Registry.pol files are read.

Output: the merged policy in FORMAT (default json, the project file) to OUT or standard
output, written as `fwpolicy convert --to FORMAT` writes a policy; registry values outside
the firewall policy (other Administrative Templates settings) are left out and only counted
by --explain. --explain prints the table setting or item | result | winning GPO | overridden
GPOs, then the findings that only appear when GPOs combine; it goes to standard output, or
to standard error when the policy is written there too (--to without -o). Without --to or
-o, --explain prints only the table. Exit 0 once merged, whatever the findings.

Examples:
  fwpolicy resultant Default.pol Baseline.pol Servers.pol --explain
  fwpolicy resultant GPOBackups.zip --to report-html -o resultant.html
  fwpolicy resultant Local.pol 'Policies/{31B2F340-016D-11D2-945F-00C04FB984F9}' --to registry-pol -o Registry.pol";

#[derive(Args)]
struct ResultantArgs {
    /// Registry.pol files, GPO backup or SYSVOL folders, or .zip backups; first = lowest
    /// precedence, last wins
    #[arg(value_name = "FILE", required = true, num_args = 1..)]
    files: Vec<PathBuf>,
    /// Write the merged policy in FORMAT (default: json)
    #[arg(long, value_name = "FORMAT", value_parser = FormatParser { readable_only: false })]
    to: Option<Format>,
    /// Print which GPO decided each setting and item, and the combination findings
    #[arg(long)]
    explain: bool,
    /// Write the merged policy to OUT instead of standard output (- is standard output)
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<PathBuf>,
    /// The editor's address a share link starts with (--to link)
    #[arg(long, value_name = "URL")]
    link_base: Option<String>,
    /// The "generated" line of reports (default: the current time, e.g. 2026-12-06 20:15 UTC)
    #[arg(long, value_name = "TEXT")]
    generated: Option<String>,
    /// Set the project's title
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Refuse files larger than BYTES (default 67108864, 64 MiB; each file of a folder)
    #[arg(long, value_name = "BYTES", default_value_t = MAX_INPUT_BYTES, hide_default_value = true, value_parser = Number::<u64>::new())]
    max_input: u64,
}

#[derive(Args)]
struct ExposureArgs {
    /// The policy file, or - for standard input
    #[arg(value_name = "POLICY")]
    policy: PathBuf,
    /// Only this profile (default: both)
    #[arg(long, value_name = "PROFILE", value_parser = ["domain", "standard"])]
    profile: Option<String>,
    /// The remote computer's IPv4 address (with --port)
    #[arg(long = "from", value_name = "ADDR", requires = "port")]
    from_addr: Option<String>,
    /// The port and protocol it wants to reach, e.g. 3389/tcp, 137/udp or 8/icmp (with --from)
    #[arg(long, value_name = "N/PROTO", requires = "from_addr")]
    port: Option<String>,
    /// A subnet the client is on (a.b.c.d/n), for localsubnet scopes; repeatable
    #[arg(long, value_name = "SUBNET", action = ArgAction::Append)]
    local_subnet: Vec<String>,
    /// The policy's format (default: detected from content)
    #[arg(long, value_name = "FORMAT", value_parser = FormatParser { readable_only: true })]
    input_format: Option<Format>,
    /// Refuse inputs larger than BYTES (default 67108864, 64 MiB)
    #[arg(long, value_name = "BYTES", default_value_t = MAX_INPUT_BYTES, hide_default_value = true, value_parser = Number::<u64>::new())]
    max_input: u64,
}

#[derive(Args)]
struct EditArgs {
    /// The policy file (json, registry-pol, lgpo, reg), a share link, or - for standard input
    #[arg(value_name = "INPUT")]
    input: PathBuf,
    /// The output format (default: the input's)
    #[arg(long, value_name = "FORMAT", value_parser = FormatParser { readable_only: false })]
    to: Option<Format>,
    /// Write to OUT instead of standard output (- is standard output)
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<PathBuf>,
    /// The "generated" line of reports (default: the current time, e.g. 2026-12-06 20:15 UTC)
    #[arg(long, value_name = "TEXT")]
    generated: Option<String>,
    /// The policy as last exported (any readable format): reports list the changes since
    /// (default: INPUT as read, so a report lists this command's edits)
    #[arg(long, value_name = "FILE")]
    since: Option<PathBuf>,
    #[command(flatten)]
    ops: EditOps,
    #[command(flatten)]
    input_args: InputArgs,
}

/// The edit operations of `fwpolicy edit`, one option per entry of core's
/// [`edit_args::OPERATIONS`], each repeatable; kept in command-line order.
#[derive(Default)]
struct EditOps(Vec<EditArg>);

impl FromArgMatches for EditOps {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let mut found: Vec<(usize, EditArg)> = Vec::new();
        for op in OPERATIONS {
            let Ok(Some(groups)) = matches.try_get_occurrences::<String>(op.flag) else {
                continue;
            };
            // Positions of the values on the command line, to keep the operations' order.
            let positions: Vec<usize> = matches.indices_of(op.flag).into_iter().flatten().collect();
            let mut at = 0;
            for group in groups {
                let values: Vec<String> = group.cloned().collect();
                let position = positions.get(at).copied().unwrap_or(usize::MAX);
                at += values.len();
                found.push((
                    position,
                    EditArg {
                        flag: op.flag.to_string(),
                        values,
                    },
                ));
            }
        }
        found.sort_by_key(|(position, _)| *position);
        Ok(EditOps(found.into_iter().map(|(_, arg)| arg).collect()))
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = EditOps::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for EditOps {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        OPERATIONS.iter().fold(cmd, |cmd, op| {
            cmd.arg(
                Arg::new(op.flag)
                    .long(op.flag)
                    .num_args(op.values.len())
                    .value_names(op.values)
                    .action(ArgAction::Append)
                    .allow_hyphen_values(true)
                    .help(op.help)
                    .help_heading("Edits (repeatable, applied in order)"),
            )
        })
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        EditOps::augment_args(cmd)
    }
}

fn edit_after_help() -> String {
    let mut text = String::from(
        "\
Profiles are domain and standard; SETTING is a setting id of the project file
(protectAllConnections, doNotAllowExceptions, programExceptions, allowLocalProgramExceptions,
remoteAdministration, fileAndPrinterSharing, icmp, remoteDesktop, upnpFramework, logging,
prohibitNotifications, prohibitUnicastResponse, portExceptions, allowLocalPortExceptions);
STATE is enabled, disabled or not-configured. Edits apply in the order given, all or nothing:
an edit that does not apply (unknown setting, duplicate port, missing item) exits 1 naming it
and nothing is written. The output has the input's format unless --to; what the edits do not
touch is written back byte for byte (Registry.pol, LGPO text, .reg: same records, same order).
Binary output (registry-pol, reg) needs -o unless standard output is not a terminal.

Examples:
",
    );
    for op in OPERATIONS {
        text.push_str(&format!(
            "  fwpolicy edit Registry.pol -o out.pol {}\n",
            op.example
        ));
    }
    text
}

#[derive(Args)]
struct RolloutArgs {
    /// The policy whose refresh settings are used (default: Windows' defaults), or -
    #[arg(value_name = "POLICY")]
    policy: Option<PathBuf>,
    /// Number of clients
    #[arg(long, value_name = "N", value_parser = Number::<usize>::new())]
    clients: usize,
    /// Random seed; the same seed gives the same result (for a given fwpolicy version)
    #[arg(long, value_name = "S", value_parser = Number::<u64>::new())]
    seed: u64,
    /// Background refresh interval (default 90, or the policy's setting)
    #[arg(long, value_name = "MIN", value_parser = Number::<u32>::new())]
    interval: Option<u32>,
    /// Maximum random offset (default 30, or the policy's setting)
    #[arg(long, value_name = "MIN", value_parser = Number::<u32>::new())]
    offset: Option<u32>,
    /// Output format
    #[arg(long, value_name = "FORMAT", default_value = "csv", value_parser = ["csv", "json"])]
    format: String,
    /// Share of running clients restarted during the startup window (0-1)
    #[arg(long, value_name = "P", value_parser = Number::<f64>::new())]
    restart_share: Option<f64>,
    /// Share of clients switched on during the startup window (0-1)
    #[arg(long, value_name = "P", value_parser = Number::<f64>::new())]
    switched_on_share: Option<f64>,
    /// Length of that window (default 480)
    #[arg(long, value_name = "MIN", value_parser = Number::<f64>::new())]
    startup_window: Option<f64>,
    /// Computers joining the domain at these minutes (apply at once)
    #[arg(long, value_name = "MIN[,MIN...]")]
    join: Option<String>,
    /// Laptops away from the office (old policy, Standard profile)
    #[arg(long, value_name = "N", value_parser = Number::<usize>::new())]
    laptops: Option<usize>,
    /// Laptops reconnect within H hours, then apply at their next refresh
    #[arg(long, value_name = "H", value_parser = Number::<f64>::new())]
    laptop_return_hours: Option<f64>,
    /// Replication delay before the DC the clients use has the change
    #[arg(long, value_name = "MIN", value_parser = Number::<f64>::new())]
    replication: Option<f64>,
    /// Model the restart Security Center needs before it reports (SBS 2003 paper)
    #[arg(long)]
    security_center: bool,
    /// Also simulate N domain controllers (5-minute refresh)
    #[arg(long, value_name = "N", value_parser = Number::<usize>::new())]
    domain_controllers: Option<usize>,
    /// Last simulated minute (default: long enough for every event)
    #[arg(long, value_name = "MIN", value_parser = Number::<u32>::new())]
    horizon: Option<u32>,
    #[command(flatten)]
    input: InputArgs,
}

/// A number, surrounding blanks allowed; an error shows the command's usage line.
struct Number<T>(PhantomData<fn() -> T>);

impl<T> Number<T> {
    fn new() -> Self {
        Number(PhantomData)
    }
}

impl<T> Clone for Number<T> {
    fn clone(&self) -> Self {
        Number::new()
    }
}

impl<T: FromStr + Clone + Send + Sync + 'static> TypedValueParser for Number<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        text.trim().parse().map_err(|_| {
            let option = arg.map_or_else(|| "value".to_string(), ToString::to_string);
            cmd.clone().error(
                ErrorKind::InvalidValue,
                format!("{option} expects a number, got {text:?}"),
            )
        })
    }
}

/// A format name (or alias), with the format ids as the possible values shown in help and
/// completions; `readable_only` refuses the write-only formats.
#[derive(Clone)]
struct FormatParser {
    readable_only: bool,
}

impl TypedValueParser for FormatParser {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Format, clap::Error> {
        let text = value.to_string_lossy();
        let problem = match Format::parse(&text) {
            Some(f) if f.is_readable() || !self.readable_only => return Ok(f),
            Some(f) => format!("{f} can be written but not read"),
            None => format!(
                "unknown format {text:?}; formats are: {}",
                self.ids().collect::<Vec<_>>().join(", ")
            ),
        };
        let option = arg.map_or_else(|| "FORMAT".to_string(), ToString::to_string);
        let mut cmd = cmd.clone();
        Err(cmd.error(ErrorKind::InvalidValue, format!("{option}: {problem}")))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.ids().map(PossibleValue::new)))
    }
}

impl FormatParser {
    fn ids(&self) -> impl Iterator<Item = &'static str> + '_ {
        Format::CLI
            .into_iter()
            .filter(|f| f.is_readable() || !self.readable_only)
            .map(Format::id)
    }
}

/// A usage error (exit 2, shown by clap with the command's usage line) or a failure of the
/// input, the export or the output (exit 1).
enum Failure {
    Usage(Box<clap::Error>),
    Invalid(String),
}

type Outcome = Result<(), Failure>;

/// A usage error of `fwpolicy <command>`: the message, the command's usage and how to get help.
fn usage(command: &str, msg: impl std::fmt::Display) -> Failure {
    let mut cli = Cli::command();
    let err = match cli.find_subcommand_mut(command) {
        Some(sub) => sub
            .clone()
            .bin_name(format!("fwpolicy {command}"))
            .error(ErrorKind::ValueValidation, msg),
        None => cli.error(ErrorKind::ValueValidation, msg),
    };
    Failure::Usage(Box::new(err))
}

fn invalid(msg: impl Into<String>) -> Failure {
    Failure::Invalid(msg.into())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Help and --version go to stdout with exit 0; usage errors to stderr with exit 2.
        Err(err) => return print_clap(&err),
    };
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(err)) => print_clap(&err),
        Err(Failure::Invalid(msg)) => {
            eprintln!("fwpolicy: {msg}");
            ExitCode::from(1)
        }
    }
}

fn print_clap(err: &clap::Error) -> ExitCode {
    if err.use_stderr() {
        // A usage error; stderr is best effort, the exit code says it all.
        let _ = err.print();
        return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    }
    // Help or version: through the same checked writer as every other output.
    let rendered = err.render();
    let text = if io::stdout().is_terminal() {
        rendered.ansi().to_string()
    } else {
        rendered.to_string()
    };
    match files::write_stdout(text.as_bytes(), Stdout::Report) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("fwpolicy: {msg}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> Outcome {
    match command {
        Command::Presets => list_presets(),
        Command::Preset { id } => preset_cmd(&id),
        Command::Check { file, input } => check(&file, &input),
        Command::Convert(args) => convert_cmd(&args),
        Command::Edit(args) => edit_cmd(&args),
        Command::Diff {
            old,
            new,
            format,
            input,
        } => diff_cmd(&old, &new, &format, &input),
        Command::Resultant(args) => resultant_cmd(&args),
        Command::Exposure(args) => exposure_cmd(&args),
        Command::Rollout(args) => rollout_cmd(&args),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "fwpolicy", &mut script);
            write_stdout(&script)
        }
        Command::Version => files::write_stdout(
            format!("fwpolicy {}\n", env!("CARGO_PKG_VERSION")).as_bytes(),
            Stdout::Report,
        )
        .map_err(invalid),
    }
}

/// Writes a command's product to standard output.
fn write_stdout(bytes: &[u8]) -> Outcome {
    files::write_stdout(bytes, Stdout::Product).map_err(invalid)
}

fn list_presets() -> Outcome {
    let mut out = String::new();
    for p in presets::all() {
        out.push_str(&format!("{}\t{}\n", p.id, p.title));
    }
    write_stdout(out.as_bytes())
}

fn preset_cmd(id: &str) -> Outcome {
    let project = presets::get(id).ok_or_else(|| {
        let ids: Vec<&str> = presets::all().iter().map(|p| p.id).collect();
        usage(
            "preset",
            format!("unknown preset {id:?}; presets are: {}", ids.join(", ")),
        )
    })?;
    write_stdout(project::to_json(&project).as_bytes())
}

/// The share link an input argument is, if it is one: it starts with `http://` or `https://`
/// and holds `#p=`, or starts with `#p=`. Such an argument is the input itself, not a file.
fn link_argument(path: &Path) -> Option<&str> {
    let text = path.to_str()?.trim();
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    let url = lower.starts_with("http://") || lower.starts_with("https://");
    ((url && text.contains(link::FRAGMENT)) || text.starts_with(link::FRAGMENT)).then_some(text)
}

/// How an input is named in messages: a share link argument by its first 40 characters.
fn shown_input(path: &Path) -> String {
    match link_argument(path) {
        Some(text) if text.chars().count() > 40 => {
            format!("{}…", text.chars().take(40).collect::<String>())
        }
        Some(text) => text.to_string(),
        None => shown(path),
    }
}

/// The bytes of an input: the argument itself for a share link, else the file (or standard
/// input) read within `--max-input`.
fn input_bytes(path: &Path, input: &InputArgs) -> Result<Vec<u8>, Failure> {
    match link_argument(path) {
        Some(text) => Ok(text.as_bytes().to_vec()),
        None => files::read_limited(path, input.max_input).map_err(invalid),
    }
}

fn read_project(path: &Path, input: &InputArgs) -> Result<formats::Imported, Failure> {
    let bytes = input_bytes(path, input)?;
    formats::read(input.from, &bytes).map_err(|e| invalid(format!("{}: {e}", shown_input(path))))
}

/// A diagnostic as the CLI shows it: the plain sentence first (`error: Port 70000 is out of
/// range 1–65535.`), then its details (place, line or byte, field, code) on an indented line.
fn diagnostic_text(d: &Diagnostic) -> String {
    format!("{}: {}\n    {}", d.severity, d.sentence(), d.details())
}

fn print_diagnostics(label: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{label}: {}", diagnostic_text(d));
    }
}

fn check(path: &Path, input: &InputArgs) -> Outcome {
    let imported = read_project(path, input)?;
    let findings = lint::check(&imported.project.policy);
    let mut out = String::new();
    let all: Vec<&Diagnostic> = imported.diagnostics.iter().chain(findings.iter()).collect();
    for d in &all {
        out.push_str(&diagnostic_text(d));
        out.push('\n');
    }
    let errors = all.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = all
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let p = &imported.project.policy;
    let path = path.display();
    out.push_str(&format!(
        "{path}: {} exception(s), {errors} error(s), {warnings} warning(s)\n",
        p.exception_count()
    ));
    files::write_stdout(out.as_bytes(), Stdout::Report).map_err(invalid)?;
    if errors > 0 {
        Err(invalid(format!("{path} has {errors} error(s)")))
    } else {
        Ok(())
    }
}

fn convert_cmd(args: &ConvertArgs) -> Outcome {
    let to = args.to;
    let input = args.input.as_path();
    let output = args.output.as_deref().filter(|o| !is_dash(o));
    refuse_binary_on_terminal("convert", to, output)?;
    if let Some(out) = output.filter(|out| !is_dash(input) && files::same_file(input, out)) {
        return Err(usage(
            "convert",
            format!(
                "-o {} is the input file {}; writing it would destroy the input — name another \
                 output file",
                out.display(),
                input.display()
            ),
        ));
    }
    refuse_stdin_twice("convert", input, args.since.as_deref())?;
    let imported = read_project(input, &args.input_args)?;
    let label = shown_input(input);
    print_diagnostics(&label, &imported.diagnostics);
    let mut project = imported.project;
    if let Some(title) = &args.title {
        project.title.clone_from(title);
    }
    let mut options = WriteOptions::default();
    options.report.generated = Some(generated_or_now(args.generated.as_deref()));
    if let Some(since) = &args.since {
        options.report.last_export = Some(last_export(since, &args.input_args)?);
    }
    if let Some(base) = &args.link_base {
        options.link_base.clone_from(base);
    }
    if !is_dash(input) {
        options.report.source = Some(match link_argument(input) {
            Some(_) => "a share link".to_string(),
            None => input.to_string_lossy().into_owned(),
        });
    }
    write_project(to, &project, &options, output)
}

/// INPUT and `--since` cannot both be standard input (a usage error of `command`).
fn refuse_stdin_twice(command: &str, input: &Path, since: Option<&Path>) -> Outcome {
    if since.is_some_and(is_dash) && is_dash(input) {
        return Err(usage(
            command,
            "INPUT and --since are both - but standard input can be read only once; give one of \
             them as a file",
        ));
    }
    Ok(())
}

/// The policy of `--since FILE` (any readable format, never with `--from`), for the
/// report's "changes since the last export".
fn last_export(since: &Path, input_args: &InputArgs) -> Result<fwpolicy_core::Policy, Failure> {
    let reading = InputArgs {
        from: None,
        max_input: input_args.max_input,
    };
    let last = read_project(since, &reading).map_err(|f| match f {
        Failure::Invalid(msg) => invalid(format!("--since: {msg}")),
        usage => usage,
    })?;
    Ok(last.project.policy)
}

/// Binary formats are not written to a terminal (a usage error of `command`).
fn refuse_binary_on_terminal(command: &str, to: Format, output: Option<&Path>) -> Outcome {
    if to.is_binary() && output.is_none() && io::stdout().is_terminal() {
        return Err(usage(
            command,
            format!(
                "{to} is binary; refusing to write it to a terminal — use -o FILE (e.g. -o {})",
                to.file_name("")
            ),
        ));
    }
    Ok(())
}

/// Writes `project` as `to` to `output` (standard output when `None`), printing what the
/// writer said; the one output path of `convert`, `edit` and `resultant`.
fn write_project(
    to: Format,
    project: &project::Project,
    options: &WriteOptions,
    output: Option<&Path>,
) -> Outcome {
    let written = formats::write(to, project, options)
        .map_err(|e| invalid(format!("cannot write {to}: {e}")))?;
    print_diagnostics(to.id(), &written.diagnostics);
    match output {
        Some(path) => files::write_file(path, &written.bytes).map_err(invalid),
        None => write_stdout(&written.bytes),
    }
}

/// The "generated" line of a report: `--generated` as given, or the current time.
fn generated_or_now(given: Option<&str>) -> String {
    given.map_or_else(utc_now_text, str::to_string)
}

/// The current time in UTC as `YYYY-MM-DD HH:MM UTC`, for the "generated" line of reports
/// (core has no clock; the CLI may read it).
fn utc_now_text() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    utc_text(secs)
}

/// `secs` seconds after 1970-01-01 00:00 UTC as `YYYY-MM-DD HH:MM UTC` (Howard Hinnant's
/// days-to-civil algorithm, proleptic Gregorian calendar).
fn utc_text(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let minutes = (secs % 86_400) / 60;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        minutes / 60,
        minutes % 60
    )
}

fn edit_cmd(args: &EditArgs) -> Outcome {
    let input = args.input.as_path();
    let output = args.output.as_deref().filter(|o| !is_dash(o));
    if args.ops.0.is_empty() {
        let flags: Vec<String> = OPERATIONS.iter().map(|o| format!("--{}", o.flag)).collect();
        return Err(usage(
            "edit",
            format!("no edit given; edits are {}", flags.join(", ")),
        ));
    }
    if let Some(out) = output.filter(|out| !is_dash(input) && files::same_file(input, out)) {
        return Err(usage(
            "edit",
            format!(
                "-o {} is the input file {}; writing it would destroy the input — name another \
                 output file and rename it once checked",
                out.display(),
                input.display()
            ),
        ));
    }
    refuse_stdin_twice("edit", input, args.since.as_deref())?;
    let bytes = input_bytes(input, &args.input_args)?;
    let from = args
        .input_args
        .from
        .or_else(|| formats::detect(&bytes))
        .ok_or_else(|| {
            invalid(format!(
                "{}: {}",
                shown_input(input),
                formats::ConvertError::UnknownFormat
            ))
        })?;
    let to = args.to.unwrap_or(from);
    refuse_binary_on_terminal("edit", to, output)?;
    let imported = formats::read(Some(from), &bytes)
        .map_err(|e| invalid(format!("{}: {e}", shown_input(input))))?;
    print_diagnostics(&shown_input(input), &imported.diagnostics);
    let mut project = imported.project;
    let edited = edit_args::apply_all(&project.policy, &args.ops.0)
        .map_err(|e| invalid(format!("{e}; nothing was written")))?;
    let as_read = std::mem::replace(&mut project.policy, edited);
    let mut options = WriteOptions::default();
    options.report.generated = Some(generated_or_now(args.generated.as_deref()));
    options.report.last_export = Some(match &args.since {
        Some(since) => last_export(since, &args.input_args)?,
        None => as_read,
    });
    if !is_dash(input) && link_argument(input).is_none() {
        options.report.source = Some(input.to_string_lossy().into_owned());
    }
    write_project(to, &project, &options, output)
}

fn diff_cmd(old: &Path, new: &Path, format: &str, input: &InputArgs) -> Outcome {
    if is_dash(old) && is_dash(new) {
        return Err(usage(
            "diff",
            "OLD and NEW are both - but standard input can be read only once; give one of them \
             as a file",
        ));
    }
    let side = |name: &str, path: &Path| {
        read_project(path, input).map_err(|f| match f {
            Failure::Invalid(msg) => invalid(format!("{name} policy: {msg}")),
            usage => usage,
        })
    };
    let a = side("old", old)?;
    let b = side("new", new)?;
    let format = compare::DiffFormat::parse(format)
        .ok_or_else(|| usage("diff", format!("unknown --format {format:?}")))?;
    let sides = compare::Sides {
        before: shown_input(old),
        after: shown_input(new),
    };
    let out = compare::render(&a.project.policy, &b.project.policy, &sides, format);
    write_stdout(out.as_bytes())
}

/// The GPOs one `resultant` argument holds: a Registry.pol, a folder or a zip, told apart by
/// what it is (a folder) or by its content (never by its name).
fn gpos_of(path: &Path, max_input: u64) -> Result<resultant::Found, Failure> {
    let name = shown(path);
    if !is_dash(path) && path.is_dir() {
        let entries = files::read_folder(path, max_input, &resultant::wanted).map_err(invalid)?;
        return Ok(resultant::from_folder(&files::folder_name(path), entries));
    }
    let bytes = files::read_limited(path, max_input).map_err(invalid)?;
    match resultant::kind_of(&bytes) {
        resultant::InputKind::RegistryPol => Ok(resultant::Found {
            gpos: vec![resultant::Gpo::from_pol(&name, bytes)],
            diagnostics: Vec::new(),
        }),
        resultant::InputKind::Zip => {
            resultant::from_zip(&name, &bytes).map_err(|e| invalid(e.to_string()))
        }
        resultant::InputKind::Unknown => Err(invalid(format!(
            "{name}: neither a Registry.pol (it does not start with the PReg signature) nor a \
             .zip; give Registry.pol files, GPO backup or SYSVOL folders, or .zip backups"
        ))),
    }
}

fn resultant_cmd(args: &ResultantArgs) -> Outcome {
    let output = args.output.as_deref().filter(|o| !is_dash(o));
    let policy_wanted = args.to.is_some() || output.is_some() || !args.explain;
    let to = args.to.unwrap_or(Format::Json);
    if policy_wanted {
        refuse_binary_on_terminal("resultant", to, output)?;
    }
    if args.files.iter().filter(|f| is_dash(f)).count() > 1 {
        return Err(usage(
            "resultant",
            "- is given more than once but standard input can be read only once",
        ));
    }
    if let Some(out) = output {
        if let Some(input) = args
            .files
            .iter()
            .find(|f| !is_dash(f) && files::same_file(f, out))
        {
            return Err(usage(
                "resultant",
                format!(
                    "-o {} is the input file {}; writing it would destroy the input — name \
                     another output file",
                    out.display(),
                    input.display()
                ),
            ));
        }
    }
    // Every GPO in merge order, with the argument it came from.
    let mut gpos = Vec::new();
    let mut owner: Vec<&Path> = Vec::new();
    for path in &args.files {
        let found = gpos_of(path, args.max_input)?;
        let (errors, notes): (Vec<Diagnostic>, Vec<Diagnostic>) = found
            .diagnostics
            .into_iter()
            .partition(|d| d.severity == Severity::Error);
        print_diagnostics(&shown(path), &notes);
        if found.gpos.is_empty() {
            let why: Vec<String> = errors.iter().map(|d| d.message.clone()).collect();
            return Err(invalid(format!(
                "{}: no GPO to merge ({})",
                shown(path),
                why.join("; ")
            )));
        }
        print_diagnostics(&shown(path), &errors);
        owner.extend(std::iter::repeat_n(path.as_path(), found.gpos.len()));
        gpos.extend(found.gpos);
    }
    let mut order = String::from("Order of application (first = lowest precedence, last wins):\n");
    for (i, (gpo, path)) in gpos.iter().zip(&owner).enumerate() {
        let label = gpo.label();
        let from = shown(path);
        let whole = gpo.origin == from || (path.is_dir() && gpo.origin == files::folder_name(path));
        let line = match (label == from, whole) {
            (true, _) => label,
            (false, true) => format!("{label} ({from})"),
            (false, false) => format!("{label} ({from}: {})", gpo.origin),
        };
        order.push_str(&format!("  {}. {line}\n", i + 1));
    }
    eprint!("{order}");
    let merged = resultant::merge(&gpos).map_err(|e| {
        let file = owner.get(e.number.saturating_sub(1)).map(|p| shown(p));
        invalid(format!("{}: {e}", file.unwrap_or_default()))
    })?;
    print_diagnostics("resultant", &merged.diagnostics);
    if policy_wanted {
        let mut project = project::Project::new(merged.policy.clone());
        if let Some(title) = &args.title {
            project.title.clone_from(title);
        }
        let mut options = WriteOptions::default();
        options.report.generated = Some(generated_or_now(args.generated.as_deref()));
        if let Some(base) = &args.link_base {
            options.link_base.clone_from(base);
        }
        let names: Vec<String> = args.files.iter().map(|f| shown(f)).collect();
        options.report.source = Some(format!("resultant of {}", names.join(", ")));
        write_project(to, &project, &options, output)?;
    }
    if args.explain {
        let mut text = resultant::explain(&merged);
        let findings = resultant::lint::check(&merged);
        text.push_str("\nFindings that only appear when these GPOs combine:\n");
        for d in &findings {
            text.push_str(&format!("{d}\n"));
        }
        if findings.is_empty() {
            text.push_str("(none)\n");
        }
        if policy_wanted && output.is_none() {
            eprint!("{text}");
        } else {
            write_stdout(text.as_bytes())?;
        }
    }
    Ok(())
}

fn exposure_cmd(args: &ExposureArgs) -> Outcome {
    let profiles: Vec<ProfileKind> = match args.profile.as_deref().and_then(ProfileKind::parse) {
        Some(p) => vec![p],
        None => ProfileKind::ALL.to_vec(),
    };
    let question = match (&args.from_addr, &args.port) {
        (Some(addr), Some(port)) => {
            let addr = parse_ipv4(addr.trim()).map_err(|e| {
                usage(
                    "exposure",
                    format!("--from {addr:?} is not an IPv4 address: {e}"),
                )
            })?;
            let target = exposure::Target::parse(port)
                .map_err(|e| usage("exposure", format!("--port: {e}")))?;
            Some((addr, target))
        }
        _ => None,
    };
    let mut subnets = Vec::new();
    for text in &args.local_subnet {
        let item = ScopeItem::parse(text).map_err(|d| {
            usage(
                "exposure",
                format!("--local-subnet {text:?}: {}", d.message),
            )
        })?;
        subnets.push(match item {
            ScopeItem::Address(a) => (a, 32),
            ScopeItem::Prefix(a, n) => (a, n),
            ScopeItem::Mask(a, m) => (a, u32::from(m).leading_ones() as u8),
            ScopeItem::LocalSubnet => {
                return Err(usage(
                    "exposure",
                    "--local-subnet needs an address or subnet such as 192.168.1.0/24",
                ))
            }
        });
    }
    let input = InputArgs {
        from: args.input_format,
        max_input: args.max_input,
    };
    let imported = read_project(&args.policy, &input)?;
    print_diagnostics(&args.policy.display().to_string(), &imported.diagnostics);
    let policy = &imported.project.policy;
    let mut out = String::new();
    for kind in profiles {
        if let Some((addr, target)) = question {
            let nets = (!subnets.is_empty()).then_some(subnets.as_slice());
            let answer = exposure::can_reach(policy, kind, addr, target, nets);
            out.push_str(&answer.summary(addr, target, kind));
            out.push('\n');
            for a in &answer.allowed_by {
                match &a.condition {
                    None => out.push_str(&format!("  allowed by: {}\n", a.rule)),
                    Some(c) => out.push_str(&format!("  allowed by: {} — {c}\n", a.rule)),
                }
            }
            for n in &answer.notes {
                out.push_str(&format!("  note: {n}\n"));
            }
        } else {
            out.push_str(&exposure_table(&exposure::exposure(policy, kind)));
        }
    }
    write_stdout(out.as_bytes())
}

/// The exposure of one profile as an aligned text table, then its notes.
fn exposure_table(e: &exposure::Exposure) -> String {
    let mut out = format!("{}\n", e.profile.label());
    let mut rows = vec![[
        "Rule".to_string(),
        "Opens".to_string(),
        "From".to_string(),
        "Applies".to_string(),
    ]];
    for o in &e.openings {
        let name = match &o.program {
            Some(path) => format!("{} ({path})", o.name),
            None => o.name.clone(),
        };
        let opens: Vec<String> = o.reach.iter().map(ToString::to_string).collect();
        rows.push([
            name,
            opens.join(", "),
            o.scope_text(),
            if o.active { "yes" } else { "no" }.to_string(),
        ]);
    }
    let mut widths = [0usize; 4];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    if e.openings.is_empty() {
        rows.clear();
    }
    for row in &rows {
        let mut line = String::from("  ");
        for (i, (w, cell)) in widths.iter().zip(row).enumerate() {
            line.push_str(cell);
            if i < 3 {
                line.push_str(&" ".repeat(w - cell.chars().count() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if e.openings.is_empty() {
        out.push_str("  (no exception opens anything in this profile)\n");
    }
    for o in &e.openings {
        for n in &o.notes {
            out.push_str(&format!("  * {}: {n}\n", o.name));
        }
    }
    for n in &e.notes {
        out.push_str(&format!("  note: {n}\n"));
    }
    out
}

fn rollout_cmd(args: &RolloutArgs) -> Outcome {
    let mut params = match &args.policy {
        None => rollout::RolloutParams::default(),
        Some(path) => {
            let imported = read_project(path, &args.input)?;
            rollout::RolloutParams::from_policy(&imported.project.policy)
        }
    };
    params.clients = args.clients;
    if let Some(v) = args.interval {
        params.refresh.minutes = v;
        params.refresh_source = rollout::RefreshSource::Custom;
    }
    if let Some(v) = args.offset {
        params.refresh.offset = v;
        params.refresh_source = rollout::RefreshSource::Custom;
    }
    if let Some(v) = args.restart_share {
        params.restarted = rollout::Portion::Share(v);
    }
    if let Some(v) = args.switched_on_share {
        params.switched_on = rollout::Portion::Share(v);
    }
    if let Some(v) = args.laptops {
        params.laptops_away = rollout::Portion::Count(v);
    }
    if let Some(v) = args.laptop_return_hours {
        params.laptop_return = rollout::LaptopReturn::WithinHours(v);
    }
    if let Some(v) = args.replication {
        params.replication_delay_min = v;
    }
    if let Some(v) = args.startup_window {
        params.startup_window_min = v;
    }
    if let Some(v) = args.horizon {
        params.horizon_min = Some(v);
    }
    if let Some(v) = args.domain_controllers {
        params.domain_controllers = v;
    }
    if let Some(list) = &args.join {
        let mut joins = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            joins.push(
                item.parse::<f64>().map_err(|_| {
                    usage("rollout", format!("--join expects minutes, got {item:?}"))
                })?,
            );
        }
        params.joins_min = joins;
    }
    if args.security_center {
        params.security_center_restart_within_min = Some(rollout::DAILY_RESTART_MIN);
    }
    let result = rollout::simulate_seeded(&params, args.seed).map_err(|e| usage("rollout", e))?;
    let text = if args.format == "json" {
        rollout::to_json(&result)
    } else {
        rollout::to_csv(&result)
    };
    eprintln!("{}", rollout::summary(&result));
    write_stdout(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_text_is_the_calendar_date_and_time() {
        assert_eq!(utc_text(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc_text(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(utc_text(1_796_588_100), "2026-12-06 20:15 UTC");
        assert_eq!(utc_text(4_107_542_399), "2100-02-28 23:59 UTC");
    }

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
