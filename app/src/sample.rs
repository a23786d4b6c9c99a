//! Generated policies for measurements (the `?bench` hook and host tests).

use fwpolicy_core::{
    Policy, Port, PortException, ProgramException, Scope, ScopeItem, Setting, Status, Transport,
};

/// A policy whose Domain profile has `ports` port exceptions and `ports / 10` program
/// exceptions, with varied numbers, scopes, states and names.
pub fn policy(ports: usize) -> Policy {
    let mut p = Policy::default();
    let list = (0..ports)
        .filter_map(|i| {
            Some(PortException {
                port: Port::new(1 + (i % 65_000) as u16)?,
                transport: if i % 3 == 0 {
                    Transport::Udp
                } else {
                    Transport::Tcp
                },
                scope: match i % 4 {
                    0 => Scope::Any,
                    1 => Scope::local_subnet(),
                    _ => Scope::List(vec![ScopeItem::Prefix(
                        std::net::Ipv4Addr::new(10, (i / 256 % 256) as u8, (i % 256) as u8, 0),
                        24,
                    )]),
                },
                status: if i % 7 == 0 {
                    Status::Disabled
                } else {
                    Status::Enabled
                },
                name: format!("Service {i:05}"),
            })
        })
        .collect();
    let programs = (0..ports / 10)
        .map(|i| ProgramException {
            path: format!(r"%ProgramFiles%\Vendor{}\app{i}.exe", i % 17),
            scope: Scope::local_subnet(),
            status: Status::Enabled,
            name: format!("Application {i:04}"),
        })
        .collect();
    p.domain.ports = Setting::enabled(list);
    p.domain.programs = Setting::enabled(programs);
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use fwpolicy_core::Origin;

    #[test]
    fn sample_is_valid_and_sized() {
        let p = policy(1000);
        assert_eq!(p.domain.ports.options.len(), 1000);
        assert_eq!(p.domain.programs.options.len(), 100);
        for e in &p.domain.ports.options {
            assert!(e.validate(Origin::Typed).is_empty(), "{e}");
        }
    }
}
