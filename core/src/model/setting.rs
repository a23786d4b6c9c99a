//! Tri-state policy settings and the option values behind them.
//!
//! Every Administrative Template policy is Not configured, Enabled or Disabled. A [`Setting`]
//! pairs that [`State`] with its options (scope, ICMP boxes, logging values, exception lists).
//! Invariant: the options are kept whatever the state, so switching a policy to Not configured
//! and back never loses what the admin entered; exports write the options only when the
//! state is Enabled (reference §1.4).

use std::fmt;

/// Not configured / Enabled / Disabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum State {
    /// Nothing is written; the client keeps its local setting.
    #[default]
    NotConfigured,
    /// The policy's enabled value and its options are written.
    Enabled,
    /// The policy's disabled value (and delete markers for its options) are written.
    Disabled,
}

impl State {
    /// All three states in GPMC order.
    pub const ALL: [State; 3] = [State::NotConfigured, State::Enabled, State::Disabled];

    /// `Not configured` / `Enabled` / `Disabled` as GPMC shows them.
    pub fn label(self) -> &'static str {
        match self {
            State::NotConfigured => "Not configured",
            State::Enabled => "Enabled",
            State::Disabled => "Disabled",
        }
    }

    /// Stable machine name (`not-configured`, `enabled`, `disabled`) used by the JSON format.
    pub fn as_str(self) -> &'static str {
        match self {
            State::NotConfigured => "not-configured",
            State::Enabled => "enabled",
            State::Disabled => "disabled",
        }
    }

    /// Parses [`State::as_str`] output (also accepts the labels, any case).
    pub fn parse(text: &str) -> Option<State> {
        let t = text.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        match t.as_str() {
            "not-configured" | "notconfigured" => Some(State::NotConfigured),
            "enabled" => Some(State::Enabled),
            "disabled" => Some(State::Disabled),
            _ => None,
        }
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A policy setting: its state plus its options.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Setting<T> {
    /// Not configured / Enabled / Disabled.
    pub state: State,
    /// The options shown in the policy's dialog.
    pub options: T,
}

impl<T> Setting<T> {
    /// A setting with the given state and options.
    pub fn new(state: State, options: T) -> Self {
        Setting { state, options }
    }

    /// Enabled with these options.
    pub fn enabled(options: T) -> Self {
        Setting::new(State::Enabled, options)
    }

    /// True when Enabled.
    pub fn is_enabled(&self) -> bool {
        self.state == State::Enabled
    }

    /// The options if Enabled.
    pub fn enabled_options(&self) -> Option<&T> {
        self.is_enabled().then_some(&self.options)
    }
}

impl<T: Default> Setting<T> {
    /// Disabled, with default options.
    pub fn disabled() -> Self {
        Setting::new(State::Disabled, T::default())
    }

    /// Not configured, with default options.
    pub fn not_configured() -> Self {
        Setting::new(State::NotConfigured, T::default())
    }

    /// This setting with its options reset to defaults when it is not Enabled: what survives
    /// a round trip through Registry.pol.
    pub fn normalized(&self) -> Self
    where
        T: Clone,
    {
        if self.is_enabled() {
            self.clone()
        } else {
            Setting::new(self.state, T::default())
        }
    }
}

/// One of the ten ICMP check boxes of "Allow ICMP exceptions" (reference §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IcmpOption {
    /// Type 3, outbound.
    OutboundDestinationUnreachable,
    /// Type 4, outbound.
    OutboundSourceQuench,
    /// Type 5, inbound.
    Redirect,
    /// Type 8, inbound (ping).
    InboundEchoRequest,
    /// Type 9 in Microsoft's numbering, inbound.
    InboundRouterRequest,
    /// Type 11, outbound.
    OutboundTimeExceeded,
    /// Type 12, outbound.
    OutboundParameterProblem,
    /// Type 13, inbound.
    InboundTimestampRequest,
    /// Type 17, inbound.
    InboundMaskRequest,
    /// Type 2, outbound.
    OutboundPacketTooBig,
}

/// Direction of an ICMP message an option allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Received by the computer.
    Inbound,
    /// Sent by the computer.
    Outbound,
}

impl IcmpOption {
    /// The ten options in the ADMX element order (the order GPMC writes them).
    pub const ALL: [IcmpOption; 10] = [
        IcmpOption::OutboundDestinationUnreachable,
        IcmpOption::OutboundSourceQuench,
        IcmpOption::Redirect,
        IcmpOption::InboundEchoRequest,
        IcmpOption::InboundRouterRequest,
        IcmpOption::OutboundTimeExceeded,
        IcmpOption::OutboundParameterProblem,
        IcmpOption::InboundTimestampRequest,
        IcmpOption::InboundMaskRequest,
        IcmpOption::OutboundPacketTooBig,
    ];

    /// Registry value name under `...\IcmpSettings`.
    pub fn value_name(self) -> &'static str {
        match self {
            IcmpOption::OutboundDestinationUnreachable => "AllowOutboundDestinationUnreachable",
            IcmpOption::OutboundSourceQuench => "AllowOutboundSourceQuench",
            IcmpOption::Redirect => "AllowRedirect",
            IcmpOption::InboundEchoRequest => "AllowInboundEchoRequest",
            IcmpOption::InboundRouterRequest => "AllowInboundRouterRequest",
            IcmpOption::OutboundTimeExceeded => "AllowOutboundTimeExceeded",
            IcmpOption::OutboundParameterProblem => "AllowOutboundParameterProblem",
            IcmpOption::InboundTimestampRequest => "AllowInboundTimestampRequest",
            IcmpOption::InboundMaskRequest => "AllowInboundMaskRequest",
            IcmpOption::OutboundPacketTooBig => "AllowOutboundPacketTooBig",
        }
    }

    /// ICMP type number used by netsh and the policy (reference §5.1).
    pub fn icmp_type(self) -> u8 {
        match self {
            IcmpOption::OutboundPacketTooBig => 2,
            IcmpOption::OutboundDestinationUnreachable => 3,
            IcmpOption::OutboundSourceQuench => 4,
            IcmpOption::Redirect => 5,
            IcmpOption::InboundEchoRequest => 8,
            IcmpOption::InboundRouterRequest => 9,
            IcmpOption::OutboundTimeExceeded => 11,
            IcmpOption::OutboundParameterProblem => 12,
            IcmpOption::InboundTimestampRequest => 13,
            IcmpOption::InboundMaskRequest => 17,
        }
    }

    /// Inbound or outbound.
    pub fn direction(self) -> Direction {
        match self {
            IcmpOption::Redirect
            | IcmpOption::InboundEchoRequest
            | IcmpOption::InboundRouterRequest
            | IcmpOption::InboundTimestampRequest
            | IcmpOption::InboundMaskRequest => Direction::Inbound,
            _ => Direction::Outbound,
        }
    }

    /// Check-box label as in the policy dialog.
    pub fn label(self) -> &'static str {
        match self {
            IcmpOption::OutboundDestinationUnreachable => "Allow outbound destination unreachable",
            IcmpOption::OutboundSourceQuench => "Allow outbound source quench",
            IcmpOption::Redirect => "Allow redirect",
            IcmpOption::InboundEchoRequest => "Allow inbound echo request",
            IcmpOption::InboundRouterRequest => "Allow inbound router request",
            IcmpOption::OutboundTimeExceeded => "Allow outbound time exceeded",
            IcmpOption::OutboundParameterProblem => "Allow outbound parameter problem",
            IcmpOption::InboundTimestampRequest => "Allow inbound timestamp request",
            IcmpOption::InboundMaskRequest => "Allow inbound mask request",
            IcmpOption::OutboundPacketTooBig => "Allow outbound packet too big",
        }
    }

    /// The option with this registry value name (case-insensitive).
    pub fn from_value_name(name: &str) -> Option<IcmpOption> {
        IcmpOption::ALL
            .into_iter()
            .find(|o| o.value_name().eq_ignore_ascii_case(name))
    }

    fn index(self) -> usize {
        IcmpOption::ALL
            .iter()
            .position(|o| *o == self)
            .unwrap_or_default()
    }
}

/// The ten ICMP check boxes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IcmpOptions {
    allowed: [bool; 10],
}

impl IcmpOptions {
    /// Whether a box is checked.
    pub fn get(&self, option: IcmpOption) -> bool {
        self.allowed.get(option.index()).copied().unwrap_or(false)
    }

    /// This value with one box set.
    pub fn with(mut self, option: IcmpOption, allowed: bool) -> Self {
        if let Some(slot) = self.allowed.get_mut(option.index()) {
            *slot = allowed;
        }
        self
    }

    /// The checked options, in ADMX order.
    pub fn checked(&self) -> impl Iterator<Item = IcmpOption> + '_ {
        IcmpOption::ALL.into_iter().filter(|o| self.get(*o))
    }
}

/// Default log file path shown by the policy dialog.
pub const DEFAULT_LOG_PATH: &str = r"%systemroot%\system32\LogFiles\Firewall\pfirewall.log";
/// Default log size in KB.
pub const DEFAULT_LOG_SIZE_KB: u32 = 4096;
/// Smallest log size the ADMX accepts (KB).
pub const MIN_LOG_SIZE_KB: u32 = 128;
/// Largest log size the ADMX accepts (KB).
pub const MAX_LOG_SIZE_KB: u32 = 32767;

/// Options of "Allow logging".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LoggingOptions {
    /// Log dropped packets.
    pub log_dropped: bool,
    /// Log successful connections.
    pub log_successful: bool,
    /// Log file path and name (may contain environment variables).
    pub path: String,
    /// Size limit in KB, 128–32767.
    pub size_kb: u32,
}

impl Default for LoggingOptions {
    fn default() -> Self {
        LoggingOptions {
            log_dropped: false,
            log_successful: false,
            path: DEFAULT_LOG_PATH.to_string(),
            size_kb: DEFAULT_LOG_SIZE_KB,
        }
    }
}

/// Default background refresh interval for computers, minutes.
pub const DEFAULT_REFRESH_MINUTES: u32 = 90;
/// Default random offset, minutes.
pub const DEFAULT_REFRESH_OFFSET: u32 = 30;
/// Largest interval GPMC accepts (ADMX maxValue, 31 days).
pub const MAX_REFRESH_MINUTES: u32 = 44640;
/// Largest offset GPMC accepts (minutes).
pub const MAX_REFRESH_OFFSET: u32 = 1440;

/// Options of "Set Group Policy refresh interval for computers" (reference §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RefreshInterval {
    /// Interval in minutes, 0–44640 (0 = every 7 seconds).
    pub minutes: u32,
    /// Random offset in minutes, 0–1440.
    pub offset: u32,
}

impl Default for RefreshInterval {
    fn default() -> Self {
        RefreshInterval {
            minutes: DEFAULT_REFRESH_MINUTES,
            offset: DEFAULT_REFRESH_OFFSET,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icmp_names_and_types_match_reference() {
        assert_eq!(
            IcmpOption::InboundEchoRequest.value_name(),
            "AllowInboundEchoRequest"
        );
        assert_eq!(IcmpOption::InboundEchoRequest.icmp_type(), 8);
        assert_eq!(IcmpOption::OutboundPacketTooBig.icmp_type(), 2);
        assert_eq!(IcmpOption::InboundMaskRequest.icmp_type(), 17);
        assert_eq!(IcmpOption::Redirect.direction(), Direction::Inbound);
        let mut types: Vec<u8> = IcmpOption::ALL.iter().map(|o| o.icmp_type()).collect();
        types.sort_unstable();
        assert_eq!(types, vec![2, 3, 4, 5, 8, 9, 11, 12, 13, 17]);
    }

    #[test]
    fn icmp_options_set_and_get() {
        let o = IcmpOptions::default().with(IcmpOption::InboundEchoRequest, true);
        assert!(o.get(IcmpOption::InboundEchoRequest));
        assert!(!o.get(IcmpOption::Redirect));
        assert_eq!(
            o.checked().collect::<Vec<_>>(),
            vec![IcmpOption::InboundEchoRequest]
        );
    }

    #[test]
    fn normalized_keeps_enabled_options_only() {
        let s = Setting::new(State::Disabled, 5u32);
        assert_eq!(s.normalized(), Setting::new(State::Disabled, 0));
        let e = Setting::enabled(5u32);
        assert_eq!(e.normalized(), e);
    }
}
