//! The Rollout view's form as domain logic: the text an admin types ⇄ [`RolloutParams`], the
//! refresh-interval edits the view dispatches, the live-preview cap and the "new sample"
//! seed. Pure; the editor (`app/src/components/rollout_*`) only shows what these return.
//!
//! Invariants:
//! * Parameters come only from [`RolloutDraft::check`]: every field is parsed at this edge
//!   and the whole set is then checked by [`RolloutParams::validate`], whose message is shown
//!   next to the field it names ([`field_of`]).
//! * The refresh interval and offset are never form values: they are the policy's "Set Group
//!   Policy refresh interval for computers" setting ([`refresh_from_policy`](crate::rollout::refresh_from_policy)), and changing
//!   them in the view is an [`Edit`] ([`refresh_edit`], [`reset_edit`]), so it is undoable and
//!   goes into every export. A typed value is checked by [`refresh_value`] with the edit's
//!   own rule.
//! * Capping ([`cap_params`]) keeps every share and the laptop ratio; only the number of
//!   simulated clients shrinks, and the view says so.

use crate::model::edit::{apply, Edit};
use crate::model::policy::{GlobalId, Policy};
use crate::model::setting::{RefreshInterval, Setting, State};
use crate::rollout::{
    refresh_from_setting, LaptopReturn, Portion, RefreshSource, RolloutError, RolloutParams,
    DAILY_RESTART_MIN, DEFAULT_LAPTOP_RETURN_HOURS, DEFAULT_STARTUP_WINDOW_MIN,
};

/// Clients the live preview simulates at most (a sample with the same shares).
///
/// Measured in headless Chromium on the 2-core build machine (release build, wasm-opt
/// `-Oz`, default parameters): the simulation takes about 90–100 ns per client, 18 ms for
/// 200,000 clients (about 25 ms from a click to the next frame) and 90 ms for 1,000,000.
/// 200,000 keeps a change well under a tenth of a second on a slower computer too.
pub const LIVE_CAP: usize = 200_000;

/// Clients the "simulate all" button runs at most (about 0.1 s and 60 MB in the browser
/// here; more is what the `fwpolicy rollout` command is for).
pub const FULL_MAX: usize = 1_000_000;

/// The fields of the form (where a message is shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormField {
    /// Number of client computers.
    Clients,
    /// Refresh interval (the policy's).
    Interval,
    /// Maximum random offset (the policy's).
    Offset,
    /// Share of clients switched on during the startup window, percent.
    SwitchedOn,
    /// Share of running clients restarted during the startup window, percent.
    Restarted,
    /// Length of the startup window, hours.
    StartupWindow,
    /// Minutes at which computers join the domain.
    Joins,
    /// Laptops away from the office.
    Laptops,
    /// Hours within which they return.
    LaptopReturn,
    /// Replication delay, minutes.
    Replication,
    /// Security Center restart window, hours.
    SecurityCenter,
    /// Seed of the random numbers.
    Seed,
}

/// A message shown next to one field (`None`: about the whole form).
#[derive(Debug, Clone, PartialEq)]
pub struct FormMessage {
    /// The field it belongs to.
    pub field: Option<FormField>,
    /// The text.
    pub text: String,
}

/// What the form holds, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct RolloutDraft {
    /// Number of client computers.
    pub clients: String,
    /// Percent switched on during the startup window.
    pub switched_on_pct: String,
    /// Percent restarted during the startup window.
    pub restarted_pct: String,
    /// Startup window, hours.
    pub startup_window_h: String,
    /// Join minutes, separated by commas or spaces.
    pub joins: String,
    /// Laptops away at minute 0.
    pub laptops: String,
    /// They return within this many hours.
    pub laptop_return_h: String,
    /// They do not return within the preview.
    pub laptops_never_return: bool,
    /// Replication delay, minutes.
    pub replication_min: String,
    /// Model the Security Center restart.
    pub security_center: bool,
    /// Restart within this many hours after the policy arrives.
    pub security_center_h: String,
    /// Seed.
    pub seed: String,
}

/// Seed of a fresh form.
pub const DEFAULT_SEED: u64 = 2004;
/// Clients of a fresh form (the SBS 2003 paper is about small businesses).
pub const DEFAULT_FORM_CLIENTS: usize = 250;

fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

impl Default for RolloutDraft {
    fn default() -> Self {
        RolloutDraft {
            clients: DEFAULT_FORM_CLIENTS.to_string(),
            switched_on_pct: "0".into(),
            restarted_pct: "0".into(),
            startup_window_h: number_text(DEFAULT_STARTUP_WINDOW_MIN / 60.0),
            joins: String::new(),
            laptops: "0".into(),
            laptop_return_h: number_text(DEFAULT_LAPTOP_RETURN_HOURS),
            laptops_never_return: false,
            replication_min: "0".into(),
            security_center: false,
            security_center_h: number_text(DAILY_RESTART_MIN / 60.0),
            seed: DEFAULT_SEED.to_string(),
        }
    }
}

/// The outcome of checking the form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormCheck {
    /// The parameters and seed, present exactly when there is no message.
    pub value: Option<(RolloutParams, u64)>,
    /// Messages, in field order.
    pub messages: Vec<FormMessage>,
}

impl FormCheck {
    /// The messages of one field.
    pub fn for_field(&self, field: FormField) -> Vec<String> {
        self.messages
            .iter()
            .filter(|m| m.field == Some(field))
            .map(|m| m.text.clone())
            .collect()
    }

    /// The messages about the whole form.
    pub fn general(&self) -> Vec<String> {
        self.messages
            .iter()
            .filter(|m| m.field.is_none())
            .map(|m| m.text.clone())
            .collect()
    }
}

/// A decimal number as typed: an optional sign, digits and at most one decimal point (`30`,
/// `1.5`, `.5`, `-2`), read digit by digit so the app carries no float parser (the size of
/// `f64::from_str` and its tables).
pub fn decimal(text: &str) -> Option<f64> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // All digits as one integer divided by a power of ten: one rounding, so the same value as
    // `str::parse` while the integer has at most 15 digits; longer input (no field needs
    // it) is rounded digit by digit.
    let v = if whole.len() + fraction.len() <= 15 {
        let n = whole
            .bytes()
            .chain(fraction.bytes())
            .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        n as f64 / 10u64.pow(fraction.len() as u32) as f64
    } else {
        let mut v = 0.0;
        for b in whole.bytes() {
            v = v * 10.0 + f64::from(b - b'0');
        }
        let mut scale = 1.0;
        for b in fraction.bytes() {
            scale /= 10.0;
            v += f64::from(b - b'0') * scale;
        }
        v
    };
    Some(if negative { -v } else { v })
}

/// Collects per-field parse errors.
struct Parser {
    messages: Vec<FormMessage>,
}

impl Parser {
    fn fail(&mut self, field: FormField, text: String) {
        self.messages.push(FormMessage {
            field: Some(field),
            text,
        });
    }

    /// A non-negative number (decimals allowed). Ranges are core's to check.
    fn amount(&mut self, field: FormField, what: &str, text: &str, unit: &str) -> Option<f64> {
        let t = text.trim();
        if t.is_empty() {
            self.fail(field, format!("{what} is empty; type a number of {unit}"));
            return None;
        }
        match decimal(t).ok_or(()) {
            Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
            Ok(_) => {
                self.fail(
                    field,
                    format!("{what} must be a number of {unit} of 0 or more"),
                );
                None
            }
            Err(_) => {
                self.fail(
                    field,
                    format!("{what}: “{t}” is not a number of {unit} (e.g. 30 or 1.5)"),
                );
                None
            }
        }
    }

    /// A whole number ≥ 0.
    fn count(&mut self, field: FormField, what: &str, text: &str) -> Option<usize> {
        let t = text.trim();
        if t.is_empty() {
            self.fail(field, format!("{what} is empty; type a whole number"));
            return None;
        }
        match t.parse::<usize>() {
            Ok(v) => Some(v),
            Err(_) => {
                self.fail(
                    field,
                    format!("{what}: “{t}” is not a whole number of 0 or more"),
                );
                None
            }
        }
    }

    fn joins(&mut self, text: &str) -> Option<Vec<f64>> {
        let mut out = Vec::new();
        let mut ok = true;
        for item in text
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .filter(|s| !s.is_empty())
        {
            match decimal(item) {
                Some(v) if v.is_finite() && v >= 0.0 => out.push(v),
                _ => {
                    ok = false;
                    self.fail(
                        FormField::Joins,
                        format!(
                            "“{item}” is not a minute; list minutes after the change, e.g. 30, 240"
                        ),
                    );
                }
            }
        }
        ok.then_some(out)
    }
}

/// The form field a validation error is about.
pub fn field_of(error: &RolloutError) -> Option<FormField> {
    match error {
        RolloutError::Duration { what, .. } | RolloutError::Share { what, .. } => match *what {
            "replication delay" => Some(FormField::Replication),
            "startup window" => Some(FormField::StartupWindow),
            "domain join minute" => Some(FormField::Joins),
            "laptop return window" => Some(FormField::LaptopReturn),
            "Security Center restart window" => Some(FormField::SecurityCenter),
            "laptops away" => Some(FormField::Laptops),
            "computers switched on" => Some(FormField::SwitchedOn),
            "computers restarted" => Some(FormField::Restarted),
            _ => None,
        },
        RolloutError::Refresh { what, .. } => match *what {
            "client refresh interval" => Some(FormField::Interval),
            "client refresh offset" => Some(FormField::Offset),
            _ => None,
        },
        RolloutError::GroupsExceedClients { .. } | RolloutError::TooManyComputers { .. } => {
            Some(FormField::Clients)
        }
        RolloutError::Horizon { .. } => None,
    }
}

impl RolloutDraft {
    /// The form filled from parameters and a seed (the inverse of [`RolloutDraft::check`]
    /// for the fields the form has; shares are shown in percent, windows in hours).
    pub fn from_params(params: &RolloutParams, seed: u64) -> Self {
        let pct = |p: Portion| match p {
            Portion::Share(s) => number_text(s * 100.0),
            Portion::Count(c) if params.clients > 0 => {
                number_text(c as f64 * 100.0 / params.clients as f64)
            }
            Portion::Count(_) => "0".into(),
        };
        let laptops = match params.laptops_away {
            Portion::Count(c) => c,
            Portion::Share(s) => (s * params.clients as f64).round() as usize,
        };
        let (laptop_return_h, never) = match params.laptop_return {
            LaptopReturn::WithinHours(h) => (number_text(h), false),
            LaptopReturn::Never => (number_text(DEFAULT_LAPTOP_RETURN_HOURS), true),
        };
        RolloutDraft {
            clients: params.clients.to_string(),
            switched_on_pct: pct(params.switched_on),
            restarted_pct: pct(params.restarted),
            startup_window_h: number_text(params.startup_window_min / 60.0),
            joins: params
                .joins_min
                .iter()
                .map(|m| number_text(*m))
                .collect::<Vec<_>>()
                .join(", "),
            laptops: laptops.to_string(),
            laptop_return_h,
            laptops_never_return: never,
            replication_min: number_text(params.replication_delay_min),
            security_center: params.security_center_restart_within_min.is_some(),
            security_center_h: number_text(
                params
                    .security_center_restart_within_min
                    .unwrap_or(DAILY_RESTART_MIN)
                    / 60.0,
            ),
            seed: seed.to_string(),
        }
    }

    /// Parses every field, then checks the whole set with [`RolloutParams::validate`].
    /// `refresh` and `source` are the policy's ([`refresh_from_policy`](crate::rollout::refresh_from_policy)).
    pub fn check(&self, refresh: RefreshInterval, source: RefreshSource) -> FormCheck {
        let mut p = Parser {
            messages: Vec::new(),
        };
        let clients = p.count(FormField::Clients, "number of clients", &self.clients);
        let switched_on = p.amount(
            FormField::SwitchedOn,
            "share switched on",
            &self.switched_on_pct,
            "percent",
        );
        let restarted = p.amount(
            FormField::Restarted,
            "share restarted",
            &self.restarted_pct,
            "percent",
        );
        let window = p.amount(
            FormField::StartupWindow,
            "startup window",
            &self.startup_window_h,
            "hours",
        );
        let joins = p.joins(&self.joins);
        let laptops = p.count(FormField::Laptops, "laptops away", &self.laptops);
        let laptop_return = if self.laptops_never_return {
            Some(LaptopReturn::Never)
        } else {
            p.amount(
                FormField::LaptopReturn,
                "laptops return within",
                &self.laptop_return_h,
                "hours",
            )
            .map(LaptopReturn::WithinHours)
        };
        let replication = p.amount(
            FormField::Replication,
            "replication delay",
            &self.replication_min,
            "minutes",
        );
        let security_center = if self.security_center {
            p.amount(
                FormField::SecurityCenter,
                "restart within",
                &self.security_center_h,
                "hours",
            )
            .map(|h| Some(h * 60.0))
        } else {
            Some(None)
        };
        let seed = {
            let t = self.seed.trim();
            match t.parse::<u64>() {
                Ok(s) => Some(s),
                Err(_) => {
                    p.fail(
                        FormField::Seed,
                        format!("seed: “{t}” is not a whole number of 0 or more"),
                    );
                    None
                }
            }
        };
        let (
            Some(clients),
            Some(switched_on),
            Some(restarted),
            Some(window),
            Some(joins_min),
            Some(laptops),
            Some(laptop_return),
            Some(replication),
            Some(security_center),
            Some(seed),
        ) = (
            clients,
            switched_on,
            restarted,
            window,
            joins,
            laptops,
            laptop_return,
            replication,
            security_center,
            seed,
        )
        else {
            return FormCheck {
                value: None,
                messages: p.messages,
            };
        };
        let params = RolloutParams {
            clients,
            refresh,
            refresh_source: source,
            replication_delay_min: replication,
            switched_on: Portion::Share(switched_on / 100.0),
            restarted: Portion::Share(restarted / 100.0),
            startup_window_min: window * 60.0,
            joins_min,
            laptops_away: Portion::Count(laptops),
            laptop_return,
            security_center_restart_within_min: security_center,
            ..RolloutParams::default()
        };
        match params.validate() {
            Ok(()) => FormCheck {
                value: Some((params, seed)),
                messages: Vec::new(),
            },
            Err(e) => FormCheck {
                value: None,
                messages: vec![FormMessage {
                    field: field_of(&e),
                    text: e.to_string(),
                }],
            },
        }
    }
}

/// What the view shows of the policy's "Set Group Policy refresh interval for computers".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshPolicy {
    /// Its state.
    pub state: State,
    /// Its options as stored (meaningful when Enabled).
    pub options: RefreshInterval,
    /// What the clients use ([`refresh_from_policy`](crate::rollout::refresh_from_policy)).
    pub effective: RefreshInterval,
    /// Where that comes from.
    pub source: RefreshSource,
}

/// Reads the refresh policy of `policy`.
pub fn refresh_policy(policy: &Policy) -> RefreshPolicy {
    refresh_policy_of(&policy.refresh)
}

/// [`refresh_policy`] of the refresh setting alone: `refresh_policy(p) ==
/// refresh_policy_of(&p.refresh)`.
pub fn refresh_policy_of(setting: &Setting<RefreshInterval>) -> RefreshPolicy {
    let (effective, source) = refresh_from_setting(setting);
    RefreshPolicy {
        state: setting.state,
        options: setting.options,
        effective,
        source,
    }
}

impl RefreshPolicy {
    /// The values the form fields show: the policy's options when Enabled, otherwise what
    /// Windows uses (90 + 30).
    pub fn shown(&self) -> RefreshInterval {
        if self.state == State::Enabled {
            self.options
        } else {
            self.effective
        }
    }

    /// One line for the note under the fields.
    pub fn describe(&self) -> String {
        let e = self.effective;
        let every = if e.minutes == 0 {
            "every 7 seconds".to_string()
        } else {
            format!("every {} min", e.minutes)
        };
        let state = match self.state {
            State::NotConfigured => "Not configured",
            State::Enabled => "Enabled",
            State::Disabled => "Disabled",
        };
        format!(
            "The policy is {state}: clients refresh {every} plus a random 0–{} min ({}).",
            e.offset,
            self.source.describe()
        )
    }
}

/// Which refresh field changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshPart {
    /// The interval.
    Minutes,
    /// The random offset.
    Offset,
}

/// Checks a refresh value typed in the view: a whole number, accepted by the edit that
/// stores it (`0–44640` minutes for the interval, `0–1440` for the offset). The error is the
/// message shown next to the field.
pub fn refresh_value(part: RefreshPart, text: &str) -> Result<u32, String> {
    let what = match part {
        RefreshPart::Minutes => "refresh interval",
        RefreshPart::Offset => "random offset",
    };
    let t = text.trim();
    let n = t.parse::<u32>().map_err(|_| {
        if t.is_empty() {
            format!("{what} is required")
        } else {
            format!("{what} {t} is not a whole number")
        }
    })?;
    let mut interval = RefreshInterval::default();
    match part {
        RefreshPart::Minutes => interval.minutes = n,
        RefreshPart::Offset => interval.offset = n,
    }
    apply(&Policy::default(), &Edit::SetRefreshInterval { interval })
        .map(|_| n)
        .map_err(|e| e.to_string())
}

/// The edit that sets one refresh value typed in the view: enables the policy (if it is
/// not) and sets the interval, as one undoable step. `None` when nothing would change.
pub fn refresh_edit(current: &RefreshPolicy, part: RefreshPart, value: u32) -> Option<Edit> {
    let mut next = current.shown();
    match part {
        RefreshPart::Minutes => next.minutes = value,
        RefreshPart::Offset => next.offset = value,
    }
    if next == current.shown() {
        return None;
    }
    let set = Edit::SetRefreshInterval { interval: next };
    if current.state == State::Enabled {
        Some(set)
    } else {
        Some(Edit::Batch {
            edits: vec![
                Edit::SetGlobalState {
                    setting: GlobalId::RefreshInterval,
                    state: State::Enabled,
                },
                set,
            ],
        })
    }
}

/// The edit that sets the refresh policy back to Not configured (Windows default) and its
/// options back to GPMC's 90 + 30, as one step. `None` when it already is.
pub fn reset_edit(current: &RefreshPolicy) -> Option<Edit> {
    let mut edits = Vec::new();
    if current.state != State::NotConfigured {
        edits.push(Edit::SetGlobalState {
            setting: GlobalId::RefreshInterval,
            state: State::NotConfigured,
        });
    }
    if current.options != RefreshInterval::default() {
        edits.push(Edit::SetRefreshInterval {
            interval: RefreshInterval::default(),
        });
    }
    match edits.len() {
        0 => None,
        1 => edits.pop(),
        _ => Some(Edit::Batch { edits }),
    }
}

/// How a simulation was cut down for the live preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capped {
    /// Clients the admin asked for.
    pub requested: usize,
    /// Clients simulated.
    pub simulated: usize,
}

/// The parameters for the live preview: at most `cap` clients. The shares stay; laptops
/// away (a count) are scaled to keep their ratio, so times and shares hold for the whole
/// fleet while counts are the sample's.
pub fn cap_params(params: &RolloutParams, cap: usize) -> (RolloutParams, Option<Capped>) {
    if params.clients <= cap {
        return (params.clone(), None);
    }
    let n = params.clients;
    let mut p = params.clone();
    p.clients = cap;
    let others = [p.switched_on, p.restarted]
        .into_iter()
        .map(|portion| portion.resolve(cap, "").unwrap_or(0))
        .sum::<usize>();
    let laptops = params.laptops_away.resolve(n, "").unwrap_or(0);
    let scaled = (laptops as f64 * cap as f64 / n as f64).round() as usize;
    p.laptops_away = Portion::Count(scaled.min(cap.saturating_sub(others)));
    (
        p,
        Some(Capped {
            requested: n,
            simulated: cap,
        }),
    )
}

/// The note shown when the live preview is capped.
pub fn capped_note(c: Capped) -> String {
    let full = if c.requested <= FULL_MAX {
        String::new()
    } else {
        format!(
            " The page simulates at most {} clients in full; the fwpolicy rollout command runs more.",
            group_digits(FULL_MAX)
        )
    };
    format!(
        "Live preview: a random sample of {} of your {} clients (the preview simulates at most {} \
         while you type). Shares and times hold for all of them; counts are the sample's.{full}",
        group_digits(c.simulated),
        group_digits(c.requested),
        group_digits(c.simulated),
    )
}

/// The label of the "simulate every client" button, when the page offers it.
pub fn full_run_label(c: Capped) -> Option<String> {
    (c.requested <= FULL_MAX).then(|| format!("Simulate all {} clients", group_digits(c.requested)))
}

/// A new seed after `seed` (splitmix64, reduced to nine digits so it is easy to note down).
pub fn next_seed(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    z % 1_000_000_000
}

/// `1234567` → `1,234,567`.
pub fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::setting::Setting;

    fn default_refresh() -> (RefreshInterval, RefreshSource) {
        (RefreshInterval::default(), RefreshSource::WindowsDefault)
    }

    fn check(d: &RolloutDraft) -> FormCheck {
        let (r, s) = default_refresh();
        d.check(r, s)
    }

    #[test]
    fn the_fresh_form_is_250_plain_clients_with_seed_2004() {
        let c = check(&RolloutDraft::default());
        assert_eq!(c.messages, vec![]);
        let (params, seed) = c.value.unwrap_or_else(|| panic!("fresh form rejected"));
        assert_eq!(seed, 2004);
        assert_eq!(params.clients, 250);
        assert_eq!(params.refresh, RefreshInterval::default());
        assert_eq!(params.startup_window_min, 480.0);
        assert_eq!(params.laptop_return, LaptopReturn::WithinHours(72.0));
        assert_eq!(params.security_center_restart_within_min, None);
        assert!(
            params.is_plain(),
            "0% shares and no joins are the plain case"
        );
    }

    #[test]
    fn form_fields_map_to_parameters_in_their_units() {
        let d = RolloutDraft {
            clients: " 400 ".into(),
            switched_on_pct: "10".into(),
            restarted_pct: "2.5".into(),
            startup_window_h: "1.5".into(),
            joins: "30, 240;600  15".into(),
            laptops: "12".into(),
            laptop_return_h: "48".into(),
            replication_min: "15".into(),
            security_center: true,
            security_center_h: "24".into(),
            seed: "7".into(),
            ..RolloutDraft::default()
        };
        let r = RefreshInterval {
            minutes: 60,
            offset: 10,
        };
        let c = d.check(r, RefreshSource::Policy);
        let (p, seed) = c.value.unwrap_or_else(|| panic!("{:?}", c.messages));
        assert_eq!(seed, 7);
        assert_eq!(p.clients, 400);
        assert_eq!(p.refresh, r);
        assert_eq!(p.refresh_source, RefreshSource::Policy);
        assert_eq!(p.switched_on, Portion::Share(0.1));
        assert_eq!(p.restarted, Portion::Share(0.025));
        assert_eq!(p.startup_window_min, 90.0);
        assert_eq!(p.joins_min, vec![30.0, 240.0, 600.0, 15.0]);
        assert_eq!(p.laptops_away, Portion::Count(12));
        assert_eq!(p.laptop_return, LaptopReturn::WithinHours(48.0));
        assert_eq!(p.replication_delay_min, 15.0);
        assert_eq!(p.security_center_restart_within_min, Some(1440.0));
        // And back: the form shows what it was filled from.
        let back = RolloutDraft::from_params(&p, seed);
        assert_eq!(back.clients, "400");
        assert_eq!(back.switched_on_pct, "10");
        assert_eq!(back.restarted_pct, "2.5");
        assert_eq!(back.startup_window_h, "1.5");
        assert_eq!(back.joins, "30, 240, 600, 15");
        assert_eq!(back.security_center_h, "24");
        assert_eq!(back.check(r, RefreshSource::Policy).value, Some((p, 7)));
    }

    #[test]
    fn never_returning_laptops_ignore_the_hours_field() {
        let d = RolloutDraft {
            laptops: "3".into(),
            laptops_never_return: true,
            laptop_return_h: "soon".into(),
            ..RolloutDraft::default()
        };
        let (p, _) = check(&d)
            .value
            .unwrap_or_else(|| panic!("never-return rejected"));
        assert_eq!(p.laptop_return, LaptopReturn::Never);
        assert!(RolloutDraft::from_params(&p, 1).laptops_never_return);
    }

    #[test]
    fn decimals_are_read_exactly_without_a_float_parser() {
        for text in [
            "0", "30", "1.5", ".5", "2.", "0.1", "12.345", "+7", "144000", "0.000001",
        ] {
            let std: f64 = text.parse().unwrap_or(f64::NAN);
            assert_eq!(decimal(text), Some(std), "{text}");
        }
        assert_eq!(decimal("-5"), Some(-5.0));
        let big = decimal("123456789012345678901").unwrap_or(0.0);
        assert!((big / 1.2345678901234568e20 - 1.0).abs() < 1e-15, "{big}");
        for bad in ["", ".", "-", "1.2.3", "1e3", "ten", "1,5", " 1"] {
            assert_eq!(decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn typing_errors_are_reported_next_to_each_field() {
        let d = RolloutDraft {
            clients: "ten".into(),
            switched_on_pct: "-5".into(),
            joins: "30, soon".into(),
            seed: "".into(),
            ..RolloutDraft::default()
        };
        let c = check(&d);
        assert_eq!(c.value, None);
        assert_eq!(
            c.for_field(FormField::Clients),
            vec!["number of clients: “ten” is not a whole number of 0 or more"]
        );
        assert_eq!(
            c.for_field(FormField::SwitchedOn),
            vec!["share switched on must be a number of percent of 0 or more"]
        );
        assert_eq!(
            c.for_field(FormField::Joins),
            vec!["“soon” is not a minute; list minutes after the change, e.g. 30, 240"]
        );
        assert_eq!(
            c.for_field(FormField::Seed),
            vec!["seed: “” is not a whole number of 0 or more"]
        );
        assert!(c.for_field(FormField::Laptops).is_empty());
    }

    #[test]
    fn core_validation_messages_land_on_the_field_they_name() {
        let cases = [
            (
                RolloutDraft {
                    switched_on_pct: "150".into(),
                    ..RolloutDraft::default()
                },
                FormField::SwitchedOn,
                "computers switched on must be a share between 0 and 1 (0% to 100%), got 1.5",
            ),
            (
                RolloutDraft {
                    laptops: "200".into(),
                    restarted_pct: "40".into(),
                    ..RolloutDraft::default()
                },
                FormField::Clients,
                "laptops away, computers switched on and computers restarted add up to 300 but \
                 only 250 clients are simulated (each client is in one group only)",
            ),
            (
                RolloutDraft {
                    replication_min: "200000".into(),
                    ..RolloutDraft::default()
                },
                FormField::Replication,
                "replication delay must be between 0 and 144000 minutes (got 200000)",
            ),
            (
                RolloutDraft {
                    startup_window_h: "2401".into(),
                    ..RolloutDraft::default()
                },
                FormField::StartupWindow,
                "startup window must be between 0 and 144000 minutes (got 144060)",
            ),
        ];
        for (draft, field, text) in cases {
            let c = check(&draft);
            assert_eq!(c.value, None);
            assert_eq!(c.for_field(field), vec![text.to_string()], "{field:?}");
        }
        let too_long = RefreshInterval {
            minutes: 50_000,
            offset: 0,
        };
        let c = RolloutDraft::default().check(too_long, RefreshSource::Custom);
        assert_eq!(
            c.for_field(FormField::Interval),
            vec![
                "client refresh interval of 50000 minutes is above the maximum of 44640 \
                 minutes that Group Policy accepts"
                    .to_string()
            ]
        );
    }

    fn policy_with(state: State, minutes: u32, offset: u32) -> Policy {
        Policy {
            refresh: Setting {
                state,
                options: RefreshInterval { minutes, offset },
            },
            ..Policy::default()
        }
    }

    #[test]
    fn not_configured_shows_the_windows_default_and_typing_enables_the_policy() {
        let policy = policy_with(State::NotConfigured, 90, 30);
        let r = refresh_policy(&policy);
        assert_eq!(r.shown(), RefreshInterval::default());
        assert_eq!(
            r.describe(),
            "The policy is Not configured: clients refresh every 90 min plus a random 0–30 min \
             (Windows default)."
        );
        let e = refresh_edit(&r, RefreshPart::Minutes, 60);
        assert_eq!(
            e,
            Some(Edit::Batch {
                edits: vec![
                    Edit::SetGlobalState {
                        setting: GlobalId::RefreshInterval,
                        state: State::Enabled,
                    },
                    Edit::SetRefreshInterval {
                        interval: RefreshInterval {
                            minutes: 60,
                            offset: 30
                        }
                    },
                ]
            })
        );
        // Applied, the policy is Enabled 60 + 30 and the preview reads it back.
        let after = apply(&policy, &e.unwrap_or(Edit::Batch { edits: vec![] }))
            .unwrap_or_else(|err| panic!("{err}"));
        let r2 = refresh_policy(&after);
        assert_eq!(r2.state, State::Enabled);
        assert_eq!(
            r2.effective,
            RefreshInterval {
                minutes: 60,
                offset: 30
            }
        );
        assert_eq!(r2.source, RefreshSource::Policy);
        // Typing the value the clients already use changes nothing.
        assert_eq!(refresh_edit(&r, RefreshPart::Offset, 30), None);
        assert_eq!(refresh_edit(&r2, RefreshPart::Minutes, 60), None);
    }

    #[test]
    fn enabled_policy_edits_only_the_interval_and_reset_goes_back_to_not_configured() {
        let policy = policy_with(State::Enabled, 60, 10);
        let r = refresh_policy(&policy);
        assert_eq!(
            refresh_edit(&r, RefreshPart::Offset, 0),
            Some(Edit::SetRefreshInterval {
                interval: RefreshInterval {
                    minutes: 60,
                    offset: 0
                }
            })
        );
        assert_eq!(
            reset_edit(&r),
            Some(Edit::Batch {
                edits: vec![
                    Edit::SetGlobalState {
                        setting: GlobalId::RefreshInterval,
                        state: State::NotConfigured,
                    },
                    Edit::SetRefreshInterval {
                        interval: RefreshInterval::default()
                    },
                ]
            })
        );
        // Disabled with default options: only the state goes back.
        let disabled = refresh_policy(&policy_with(State::Disabled, 90, 30));
        assert_eq!(disabled.shown(), RefreshInterval::default());
        assert_eq!(
            reset_edit(&disabled),
            Some(Edit::SetGlobalState {
                setting: GlobalId::RefreshInterval,
                state: State::NotConfigured,
            })
        );
        assert_eq!(
            reset_edit(&refresh_policy(&policy_with(State::NotConfigured, 90, 30))),
            None
        );
    }

    #[test]
    fn capping_keeps_shares_and_the_laptop_ratio() {
        let params = RolloutParams {
            clients: 1_000_000,
            laptops_away: Portion::Count(120_000),
            restarted: Portion::Share(0.5),
            ..RolloutParams::default()
        };
        let (p, capped) = cap_params(&params, 50_000);
        assert_eq!(
            capped,
            Some(Capped {
                requested: 1_000_000,
                simulated: 50_000
            })
        );
        assert_eq!(p.clients, 50_000);
        assert_eq!(p.laptops_away, Portion::Count(6_000));
        assert_eq!(p.restarted, Portion::Share(0.5));
        assert!(p.validate().is_ok());
        let small = RolloutParams::default();
        assert_eq!(cap_params(&small, 50_000), (small.clone(), None));
        // All groups full: the scaled laptops never overflow the sample.
        let full = RolloutParams {
            clients: 99_999,
            laptops_away: Portion::Count(33_333),
            switched_on: Portion::Share(0.333_335),
            restarted: Portion::Share(0.333_335),
            ..RolloutParams::default()
        };
        let (p, _) = cap_params(&full, 10_001);
        assert!(p.validate().is_ok(), "{:?}", p.validate());
    }

    #[test]
    fn the_capped_note_offers_a_full_run_up_to_a_million_clients() {
        let c = Capped {
            requested: 1_000_000,
            simulated: 200_000,
        };
        assert_eq!(
            capped_note(c),
            "Live preview: a random sample of 200,000 of your 1,000,000 clients (the preview \
             simulates at most 200,000 while you type). Shares and times hold for all of them; \
             counts are the sample's."
        );
        assert_eq!(
            full_run_label(c).as_deref(),
            Some("Simulate all 1,000,000 clients")
        );
        let more = Capped {
            requested: 1_000_001,
            ..c
        };
        assert_eq!(full_run_label(more), None);
        assert!(capped_note(more).ends_with(
            "The page simulates at most 1,000,000 clients in full; the fwpolicy rollout command \
             runs more."
        ));
    }

    #[test]
    fn new_sample_gives_a_different_nine_digit_seed_every_time() {
        let mut seen = vec![DEFAULT_SEED];
        for _ in 0..100 {
            let s = next_seed(*seen.last().unwrap_or(&0));
            assert!(s < 1_000_000_000);
            assert!(!seen.contains(&s), "seed {s} repeated");
            seen.push(s);
        }
        assert_eq!(next_seed(2004), next_seed(2004));
    }

    #[test]
    fn digits_are_grouped_by_thousands() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(250_000), "250,000");
        assert_eq!(group_digits(1_234_567), "1,234,567");
    }

    // The interval and offset typed in the Rollout view are checked by the edit's own rule.
    #[test]
    fn typed_refresh_values_are_checked_by_the_edit_rule() {
        assert_eq!(refresh_value(RefreshPart::Minutes, " 45 "), Ok(45));
        assert_eq!(refresh_value(RefreshPart::Offset, "0"), Ok(0));
        assert_eq!(
            refresh_value(RefreshPart::Minutes, ""),
            Err("refresh interval is required".into())
        );
        assert_eq!(
            refresh_value(RefreshPart::Offset, "ten"),
            Err("random offset ten is not a whole number".into())
        );
        assert!(refresh_value(RefreshPart::Minutes, "44641").is_err());
        assert!(refresh_value(RefreshPart::Offset, "1441").is_err());
        assert_eq!(refresh_value(RefreshPart::Minutes, "44640"), Ok(44640));
    }
}
