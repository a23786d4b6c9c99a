//! Set-up: installs whatever the build and the tests need and is missing, so a fresh machine
//! (rustup, node + npm, python3) needs nothing but `cargo xtask serve` / `cargo xtask test`.
//!
//! Every step checks first and is fast when its tool is already there at the right version.
//! Versions come from the repository, never from "latest": trunk is pinned here, the
//! wasm-bindgen CLI must equal the `wasm-bindgen` crate in `Cargo.lock` (and the pin in
//! `Trunk.toml`), wasm-opt comes from the npm package `binaryen` in `tests/package-lock.json`.
//! Nothing is downloaded from anywhere but the package registries; `Trunk.toml` sets
//! `offline = true`, so trunk fails instead of fetching a tool.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;

use crate::process::{probe, run, which, Error, Result};

/// The trunk release the project builds with (0.22 needs a newer rustc than 1.95).
pub const TRUNK_VERSION: &str = "0.21.14";
/// The geckodriver release used for the Firefox run of the wasm tests.
pub const GECKODRIVER_VERSION: &str = "0.37.1";
/// Debian's Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// Debian's ChromeDriver (package chromium-driver), same version as [`CHROMIUM`].
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Debian's Firefox ESR.
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
/// The wasm target of the app.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Whether the browsers for the tests must be installed too (`serve` doesn't need them).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Browsers {
    /// Install Chromium, ChromeDriver, Firefox ESR and geckodriver when missing.
    Needed,
    /// Leave browsers alone.
    NotNeeded,
}

/// Puts `tests/node_modules/.bin` (wasm-opt from npm `binaryen`, playwright) and cargo's
/// install directory in front of PATH, so tools installed by the set-up win over others.
/// Call once at start-up, before any thread or child process exists.
pub fn prepend_tool_dirs(root: &Path) {
    let mut dirs = vec![root.join("tests/node_modules/.bin"), cargo_bin_dir()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    if let Ok(joined) = std::env::join_paths(dirs) {
        std::env::set_var("PATH", joined);
    }
}

/// Where `cargo install` puts binaries: `$CARGO_INSTALL_ROOT/bin`, `$CARGO_HOME/bin` or
/// `~/.cargo/bin`.
fn cargo_bin_dir() -> PathBuf {
    let base = std::env::var_os("CARGO_INSTALL_ROOT")
        .or_else(|| std::env::var_os("CARGO_HOME"))
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME").unwrap_or_default();
            PathBuf::from(home).join(".cargo")
        });
    base.join("bin")
}

/// Runs every set-up step in order.
pub fn setup(browsers: Browsers) -> Result<()> {
    let pins = Pins::read()?;
    wasm_target()?;
    trunk()?;
    wasm_bindgen_cli(&pins.wasm_bindgen)?;
    npm_packages(&pins.wasm_opt)?;
    cargo_fetch()?;
    if browsers == Browsers::Needed {
        debian_browsers()?;
        geckodriver()?;
    }
    println!("set-up: everything is in place");
    Ok(())
}

/// Tool versions the repository pins.
struct Pins {
    /// `wasm-bindgen` in Cargo.lock (= `[tools] wasm_bindgen` in Trunk.toml).
    wasm_bindgen: String,
    /// `[tools] wasm_opt` in Trunk.toml, e.g. `version_132`.
    wasm_opt: String,
}

impl Pins {
    fn read() -> Result<Pins> {
        let wasm_bindgen = lock_version(&cargo_metadata()?, "wasm-bindgen")?;
        let tools = trunk_tools(&read_text("Trunk.toml")?)?;
        let trunk_pin = tools
            .wasm_bindgen
            .ok_or_else(|| Error::new("Trunk.toml has no `[tools] wasm_bindgen = \"...\"` pin"))?;
        if trunk_pin != wasm_bindgen {
            return Err(Error::new(format!(
                "Trunk.toml pins wasm_bindgen = \"{trunk_pin}\" but Cargo.lock has wasm-bindgen \
                 {wasm_bindgen}: set `[tools] wasm_bindgen = \"{wasm_bindgen}\"` in Trunk.toml"
            )));
        }
        let wasm_opt = tools
            .wasm_opt
            .ok_or_else(|| Error::new("Trunk.toml has no `[tools] wasm_opt = \"...\"` pin"))?;
        Ok(Pins {
            wasm_bindgen,
            wasm_opt,
        })
    }
}

fn read_text(path: &str) -> Result<String> {
    fs::read_to_string(path).map_err(|e| Error::io(&format!("reading {path}"), e))
}

/// The part of `cargo metadata --format-version 1` the set-up reads: every package of the
/// resolved (locked) dependency graph.
#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: String,
}

/// Runs `cargo metadata --format-version 1` (quietly: its JSON is large) and reads it.
fn cargo_metadata() -> Result<Metadata> {
    let out = Command::new("cargo")
        .args(["metadata", "--format-version", "1"])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| Error::io("running `cargo metadata`", e))?;
    if !out.status.success() {
        return Err(Error::new(
            "`cargo metadata --format-version 1` failed (its message is above)",
        ));
    }
    parse_metadata(&out.stdout)
}

fn parse_metadata(json: &[u8]) -> Result<Metadata> {
    serde_json::from_slice(json)
        .map_err(|e| Error::new(format!("cannot read the output of `cargo metadata`: {e}")))
}

/// The single version of package `name` in the resolved graph (what Cargo.lock pins).
fn lock_version(metadata: &Metadata, name: &str) -> Result<String> {
    let mut versions: Vec<&str> = metadata
        .packages
        .iter()
        .filter(|p| p.name == name)
        .map(|p| p.version.as_str())
        .collect();
    versions.dedup();
    match versions.as_slice() {
        [one] => Ok((*one).to_string()),
        [] => Err(Error::new(format!("Cargo.lock has no `{name}` package"))),
        many => Err(Error::new(format!(
            "Cargo.lock has several `{name}` versions ({}); the wasm-bindgen CLI can match only \
             one: unify them with `cargo update`",
            many.join(", ")
        ))),
    }
}

/// The `[tools]` pins of Trunk.toml.
#[derive(Deserialize, Default)]
struct TrunkTools {
    wasm_bindgen: Option<String>,
    wasm_opt: Option<String>,
}

fn trunk_tools(text: &str) -> Result<TrunkTools> {
    #[derive(Deserialize)]
    struct TrunkToml {
        #[serde(default)]
        tools: TrunkTools,
    }
    toml::from_str::<TrunkToml>(text)
        .map(|t| t.tools)
        .map_err(|e| Error::new(format!("cannot read Trunk.toml: {e}")))
}

/// The version a tool reports: the second word of the first line of `tool --version`
/// (`trunk 0.21.14`, `wasm-bindgen 0.2.130`, `geckodriver 0.37.1 (...)`).
fn reported_version(tool: &str) -> Option<String> {
    let out = probe(Command::new(tool).arg("--version"))?;
    out.lines()
        .next()?
        .split_whitespace()
        .nth(1)
        .map(str::to_string)
}

fn wasm_target() -> Result<()> {
    let installed = probe(Command::new("rustup").args(["target", "list", "--installed"]))
        .ok_or_else(|| {
            Error::new(format!(
                "`rustup` is needed to add the {WASM_TARGET} target (install Rust with rustup)"
            ))
        })?;
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        println!("set-up: Rust target {WASM_TARGET} ok");
        return Ok(());
    }
    println!("set-up: adding the Rust target {WASM_TARGET} (about 30 s)...");
    run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

fn trunk() -> Result<()> {
    let spec = format!("trunk@{TRUNK_VERSION}");
    cargo_install_tool(
        "trunk",
        TRUNK_VERSION,
        "10–20 min",
        &["install", &spec, "--locked"],
    )
}

/// wasm-bindgen-cli provides `wasm-bindgen` (used by trunk) and `wasm-bindgen-test-runner`;
/// both must equal the crate version. Installed without `--locked`: its own lockfile pins a
/// release of a dependency that the registry no longer serves.
fn wasm_bindgen_cli(version: &str) -> Result<()> {
    let tools = ["wasm-bindgen", "wasm-bindgen-test-runner"];
    if tools
        .iter()
        .all(|tool| reported_version(tool).as_deref() == Some(version))
    {
        println!("set-up: wasm-bindgen-cli {version} ok");
        return Ok(());
    }
    let args = [
        "install",
        "wasm-bindgen-cli",
        "--version",
        version,
        "--force",
    ];
    cargo_install(
        "wasm-bindgen-cli",
        "wasm-bindgen",
        version,
        "3–11 min",
        &args,
    )
}

/// Installs with `cargo <args>` unless `tool --version` already reports `version`.
fn cargo_install_tool(tool: &str, version: &str, duration: &str, args: &[&str]) -> Result<()> {
    match reported_version(tool) {
        Some(found) if found == version => {
            println!("set-up: {tool} {version} ok");
            Ok(())
        }
        _ => cargo_install(tool, tool, version, duration, args),
    }
}

fn cargo_install(
    package: &str,
    tool: &str,
    version: &str,
    duration: &str,
    args: &[&str],
) -> Result<()> {
    if let Some(found) = reported_version(tool) {
        println!("set-up: found {tool} {found}, the project needs {version}");
    }
    println!("set-up: installing {package} {version} (takes {duration} on 2 cores)...");
    run(Command::new("cargo").args(args))?;
    match reported_version(tool) {
        Some(found) if found == version => Ok(()),
        found => Err(Error::new(format!(
            "installed {package} {version} into {}, but `{tool} --version` on PATH reports {} \
             (at {}): remove the other copy or put {} first on PATH",
            cargo_bin_dir().display(),
            found.as_deref().unwrap_or("nothing"),
            which(tool).map_or_else(|| "?".to_string(), |p| p.display().to_string()),
            cargo_bin_dir().display(),
        ))),
    }
}

/// `npm ci` in tests/ when package-lock.json changed since the last install: provides
/// wasm-opt (npm `binaryen`; Debian's older binaryen produces wasm that breaks at run time),
/// Playwright and axe. Playwright must never download a browser: Debian's Chromium is used.
fn npm_packages(wasm_opt_pin: &str) -> Result<()> {
    let lock_path = Path::new("tests/package-lock.json");
    let stamp_path = Path::new("tests/node_modules/.xtask-installed-lock");
    let lock = fs::read(lock_path).map_err(|e| Error::io("reading tests/package-lock.json", e))?;
    let up_to_date = fs::read(stamp_path).is_ok_and(|stamp| stamp == lock)
        && Path::new("tests/node_modules/.bin/wasm-opt").exists();
    if up_to_date {
        println!("set-up: npm packages in tests/ ok");
    } else {
        if which("npm").is_none() {
            return Err(Error::new(
                "`npm` was not found: install Node.js 20+ with npm (Debian: apt-get install nodejs npm)",
            ));
        }
        println!("set-up: installing npm packages in tests/ (wasm-opt, Playwright; about 30 s)...");
        run(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir("tests")
            .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"))?;
        fs::write(stamp_path, &lock).map_err(|e| Error::io("writing the npm install stamp", e))?;
    }
    let version = probe(Command::new("wasm-opt").arg("--version")).unwrap_or_default();
    if !version.contains(wasm_opt_pin) {
        return Err(Error::new(format!(
            "wasm-opt on PATH reports `{version}` but Trunk.toml pins {wasm_opt_pin}: the npm \
             package `binaryen` in tests/package.json must match"
        )));
    }
    Ok(())
}

/// trunk builds with `cargo --offline` (Trunk.toml `offline = true`), so fetch crates first.
fn cargo_fetch() -> Result<()> {
    println!("set-up: fetching crates (fast when already fetched)");
    run(Command::new("cargo").args(["fetch", "--quiet"]))
}

/// Debian's chromium, chromium-driver and firefox-esr, installed with apt-get when missing.
fn debian_browsers() -> Result<()> {
    let wanted = [
        ("chromium", CHROMIUM),
        ("chromium-driver", CHROMEDRIVER),
        ("firefox-esr", FIREFOX),
    ];
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|(_, path)| !Path::new(path).exists())
        .map(|(package, _)| *package)
        .collect();
    if missing.is_empty() {
        println!("set-up: Chromium, ChromeDriver and Firefox ESR ok");
        return Ok(());
    }
    let packages = missing.join(" ");
    if which("apt-get").is_none() {
        return Err(Error::new(format!(
            "the browser tests need Debian's {packages} (expected {CHROMIUM}, {CHROMEDRIVER}, \
             {FIREFOX}); this machine has no apt-get: install them with your package manager"
        )));
    }
    if !is_root() {
        return Err(Error::new(format!(
            "the browser tests need {packages}; installing them needs root. Run once:\n    \
             sudo apt-get update && sudo apt-get install -y {packages}\nthen run \
             `cargo xtask test` again"
        )));
    }
    println!("set-up: installing {packages} with apt-get (about 1 min)...");
    let apt = |args: &[&str]| {
        run(Command::new("apt-get")
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive"))
    };
    apt(&["update", "-q"])?;
    let mut install = vec!["install", "-y", "-q"];
    install.extend(missing.iter().copied());
    apt(&install)
}

fn is_root() -> bool {
    probe(Command::new("id").arg("-u")).as_deref() == Some("0")
}

/// geckodriver drives Firefox for the second run of the wasm tests; any version will do.
fn geckodriver() -> Result<()> {
    if let Some(found) = reported_version("geckodriver") {
        println!("set-up: geckodriver {found} ok");
        return Ok(());
    }
    let spec = format!("geckodriver@{GECKODRIVER_VERSION}");
    cargo_install(
        "geckodriver",
        "geckodriver",
        GECKODRIVER_VERSION,
        "2–5 min",
        &["install", &spec, "--locked"],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(packages: &[(&str, &str)]) -> Metadata {
        let list: Vec<serde_json::Value> = packages
            .iter()
            .map(|(name, version)| {
                serde_json::json!({"name": name, "version": version, "id": "x", "source": null})
            })
            .collect();
        let json = serde_json::json!({"packages": list, "workspace_members": [], "version": 1});
        parse_metadata(json.to_string().as_bytes()).unwrap()
    }

    fn lock() -> Metadata {
        metadata(&[
            ("wasm-bindgen", "0.2.130"),
            ("wasm-bindgen-backend", "0.2.99"),
        ])
    }

    #[test]
    fn lock_version_reads_the_exact_package_not_a_prefix() {
        assert_eq!(lock_version(&lock(), "wasm-bindgen").unwrap(), "0.2.130");
        assert_eq!(
            lock_version(&lock(), "wasm-bindgen-backend").unwrap(),
            "0.2.99"
        );
    }

    #[test]
    fn lock_version_refuses_two_versions_with_a_hint() {
        let two = metadata(&[("wasm-bindgen", "0.2.130"), ("wasm-bindgen", "0.2.99")]);
        let err = lock_version(&two, "wasm-bindgen").unwrap_err().to_string();
        assert!(
            err.contains("0.2.130, 0.2.99") && err.contains("cargo update"),
            "{err}"
        );
    }

    #[test]
    fn lock_version_reports_a_missing_package() {
        let err = lock_version(&lock(), "leptos").unwrap_err().to_string();
        assert_eq!(err, "Cargo.lock has no `leptos` package");
    }

    #[test]
    fn this_workspace_pins_one_wasm_bindgen_in_cargo_metadata() {
        // The real `cargo metadata` of this workspace (run from xtask/), as the set-up reads it.
        let version = lock_version(&cargo_metadata().unwrap(), "wasm-bindgen").unwrap();
        assert!(version.starts_with("0.2."), "{version}");
    }

    #[test]
    fn trunk_tools_reads_the_pins_with_the_toml_crate() {
        let text = "[build]\ntarget = \"index.html\" # wasm_opt = \"no\"\n\n[tools]\n\
                    wasm_bindgen = \"0.2.130\"\nwasm_opt = 'version_132'\n";
        let tools = trunk_tools(text).unwrap();
        assert_eq!(tools.wasm_bindgen.as_deref(), Some("0.2.130"));
        assert_eq!(tools.wasm_opt.as_deref(), Some("version_132"));
        assert!(trunk_tools("[build]\n").unwrap().wasm_opt.is_none());
        assert!(trunk_tools("[tools\n").is_err());
    }

    #[test]
    fn the_repository_trunk_toml_pins_both_tools() {
        let text = include_str!("../../Trunk.toml");
        let tools = trunk_tools(text).unwrap();
        assert!(tools.wasm_bindgen.is_some() && tools.wasm_opt.is_some());
    }
}
