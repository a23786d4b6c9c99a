//! The project file and the rollout export are read and written by core's own small JSON code
//! (to keep the editor's WebAssembly small). These tests hold it to what `serde_json`, which
//! did the job before, does with the same input: the same syntax errors at the same line and
//! column, the same text for values quoted in messages, and the same bytes written.
mod common;

use common::*;
use fwpolicy_core::formats::project::{from_json, to_json, Project, ProjectError};
use fwpolicy_core::rollout::{self, Percentiles, Portion, Reason, RolloutParams, RolloutResult};
use proptest::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A JSON tree that keeps the members of objects in file order, so that serde_json can print
/// exactly what it was given.
#[derive(Debug, Clone)]
enum Node {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
                Ok(Node::Bool(b))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Node, E> {
                Ok(Node::Number(n.into()))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Node, E> {
                Ok(Node::Number(n.into()))
            }
            fn visit_f64<E>(self, x: f64) -> Result<Node, E> {
                Ok(serde_json::Number::from_f64(x).map_or(Node::Null, Node::Number))
            }
            fn visit_str<E>(self, s: &str) -> Result<Node, E> {
                Ok(Node::String(s.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry()? {
                    members.push(member);
                }
                Ok(Node::Object(members))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => s.serialize_unit(),
            Node::Bool(b) => s.serialize_bool(*b),
            Node::Number(n) => n.serialize(s),
            Node::String(t) => s.serialize_str(t),
            Node::Array(items) => items.serialize(s),
            Node::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// What serde_json prints for the same tree, same member order.
fn serde_pretty(text: &str) -> String {
    let node: Node = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    serde_json::to_string_pretty(&node).unwrap()
}

fn arb_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,12}",
        "[\"\\\\/\u{0}-\u{1f}\u{7f}é😀 a-z]{0,12}"
    ]
}

fn arb_odd_project() -> BoxedStrategy<Project> {
    (
        arb_project_policy().boxed(),
        arb_text(),
        arb_text(),
        arb_text(),
        arb_text(),
    )
        .prop_map(|(mut policy, title, description, source, odd)| {
            policy.standard.excluded_interfaces.push(odd.clone());
            policy.ipsec_bypass.options = odd;
            Project {
                title,
                description,
                source,
                policy,
            }
        })
        .boxed()
}

/// Damaged JSON: a valid project file with a stretch replaced by a token.
fn arb_damaged() -> BoxedStrategy<String> {
    let token = prop_oneof![
        Just(""),
        Just("\""),
        Just("{"),
        Just("}"),
        Just("["),
        Just("]"),
        Just(","),
        Just(":"),
        Just(" "),
        Just("\n"),
        Just("\\"),
        Just("\\u"),
        Just("\\uD800"),
        Just("\\uDC00"),
        Just("\\uD83D\\uDE00"),
        Just("\\uD800\\u0041"),
        Just("\\uZZ"),
        Just("\\x"),
        Just("\u{1}"),
        Just("é"),
        Just("0"),
        Just("-0"),
        Just("01"),
        Just("1."),
        Just("1e"),
        Just("1e+"),
        Just("1E-7"),
        Just("1e400"),
        Just("1e-400"),
        Just("0e99999999999"),
        Just("1e99999999999"),
        Just("123456789012345678901234567890"),
        Just("18446744073709551616"),
        Just("-9223372036854775809"),
        Just("0.1"),
        Just("2.3188303390478666e14"),
        Just("null"),
        Just("nul"),
        Just("tru"),
        Just("NaN"),
        Just("[[[[[[[["),
        Just("{\"a\":1,\"a\":[2]}"),
    ];
    (
        arb_project(),
        0usize..3000,
        0usize..20,
        token,
        any::<bool>(),
    )
        .prop_map(|(p, at, len, token, truncate)| {
            let json = to_json(&p);
            let mut start = at.min(json.len());
            while !json.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + len).min(json.len());
            while !json.is_char_boundary(end) {
                end -= 1;
            }
            let mut damaged = format!("{}{}{}", &json[..start], token, &json[end..]);
            if truncate {
                let mut cut = (start + token.len() + len).min(damaged.len());
                while !damaged.is_char_boundary(cut) {
                    cut -= 1;
                }
                damaged.truncate(cut);
            }
            damaged
        })
        .boxed()
}

fn arb_project() -> BoxedStrategy<Project> {
    arb_project_policy().prop_map(Project::new).boxed()
}

/// Any JSON value, as serde_json prints it (numbers of every kind, odd strings, repeated keys
/// are impossible here but sorted members are checked).
fn arb_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(serde_json::Value::from),
        (any::<u64>(), -30i32..30)
            .prop_map(|(m, e)| serde_json::Value::from(m as f64 * 10f64.powi(e))),
        arb_text().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            proptest::collection::vec(("[a-cA-C]{1,2}", inner), 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn project_file_is_what_serde_json_printed(p in arb_odd_project()) {
        let json = to_json(&p);
        prop_assert_eq!(&json, &format!("{}\n", serde_pretty(&json)));
    }

    #[test]
    fn syntax_errors_are_serde_jsons(text in arb_damaged()) {
        let expected = serde_json::from_str::<serde_json::Value>(&text).err();
        match (from_json(&text), expected) {
            (Err(ProjectError::Json { line, column, message }), Some(e)) => {
                prop_assert_eq!((line, column), (e.line(), e.column()));
                prop_assert_eq!(
                    format!("{message} at line {line} column {column}"),
                    e.to_string()
                );
            }
            (Err(ProjectError::Json { .. }), None) => prop_assert!(false, "valid JSON refused: {text}"),
            (_, Some(e)) => prop_assert!(false, "invalid JSON ({e}) accepted: {text}"),
            (_, None) => {}
        }
    }

    #[test]
    fn quoted_values_are_printed_as_serde_json_printed_them(v in arb_value()) {
        // Read back first: serde_json's own reading may round a long float.
        let text = format!(r#"{{"format": "fwpolicy", "version": {v}}}"#);
        let read: serde_json::Value = serde_json::from_str(&text).unwrap();
        let shown = &read["version"];
        match from_json(&text) {
            Err(ProjectError::BadVersion(m)) => {
                prop_assert_eq!(m, format!("\"version\" is {shown}"));
            }
            Err(ProjectError::NewerVersion(n)) => prop_assert_eq!(Some(n), shown.as_u64()),
            other => prop_assert_eq!(shown.as_u64(), Some(1), "{:?}", other),
        }
    }
}

#[test]
fn presets_and_kitchen_sink_are_what_serde_json_printed() {
    let mut projects: Vec<Project> = fwpolicy_core::presets::all()
        .iter()
        .filter_map(|info| fwpolicy_core::presets::get(info.id))
        .collect();
    projects.push(Project::new(kitchen_sink()));
    projects.push(Project::default());
    for p in projects {
        let json = to_json(&p);
        assert_eq!(json, format!("{}\n", serde_pretty(&json)), "{}", p.title);
    }
}

#[test]
fn ties_between_two_shortest_floats_take_the_even_digit() {
    // 231883033904786.625 lies exactly between ...786.62 and ...786.63.
    for (text, shown) in [
        ("2.3188303390478666e14", "231883033904786.62"),
        ("2.9802322387695312e-8", "2.9802322387695312e-8"),
    ] {
        let err = from_json(&format!(r#"{{"format": "fwpolicy", "version": {text}}}"#));
        assert_eq!(
            err,
            Err(ProjectError::BadVersion(format!("\"version\" is {shown}")))
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The rollout export, against the serde_json code it replaced.
// ---------------------------------------------------------------------------------------------

fn num(v: Option<f64>) -> serde_json::Value {
    match v {
        Some(t) if t.is_finite() => serde_json::json!((t * 100.0).round() / 100.0),
        _ => serde_json::Value::Null,
    }
}

fn percentiles_json(p: &Percentiles) -> serde_json::Value {
    serde_json::json!({
        "p50": num(p.p50),
        "p90": num(p.p90),
        "p95": num(p.p95),
        "p99": num(p.p99),
        "max": num(p.max),
    })
}

fn serde_rollout_json(result: &RolloutResult) -> String {
    let p = &result.params;
    let rows: Vec<serde_json::Value> = result
        .outcomes
        .iter()
        .map(|o| {
            serde_json::json!({
                "client": o.client,
                "group": o.group.as_str(),
                "appliedMin": num(o.applied_min),
                "reason": o.reason.map(Reason::as_str),
                "securityCenterMin": num(o.security_center_min),
                "laptop": o.group.is_laptop(),
                "eventMin": num(o.event_min),
            })
        })
        .collect();
    let curve: Vec<serde_json::Value> = rollout::curve_points(result, rollout::JSON_CURVE_POINTS)
        .into_iter()
        .map(|c| {
            serde_json::json!({
                "minute": c.minute,
                "share": (c.share * 10_000.0).round() / 10_000.0,
                "analytic": c.analytic.map(|a| (a * 10_000.0).round() / 10_000.0),
                "securityCenter": c.security_center.map(|a| (a * 10_000.0).round() / 10_000.0),
            })
        })
        .collect();
    let value = serde_json::json!({
        "summary": rollout::summary(result),
        "clients": result.client_count,
        "domainControllers": p.domain_controllers,
        "horizonMin": result.horizon_min,
        "refresh": {
            "intervalMin": p.refresh.minutes,
            "offsetMin": p.refresh.offset,
            "source": p.refresh_source.describe(),
        },
        "replicationDelayMin": num(Some(p.replication_delay_min)),
        "percentiles": percentiles_json(&result.percentiles),
        "shareBy90Min": (result.share_by_90 * 10_000.0).round() / 10_000.0,
        "counts": {
            "background": result.counts.background,
            "startup": result.counts.startup,
            "domainJoin": result.counts.domain_join,
            "reconnect": result.counts.reconnect,
            "never": result.counts.never,
        },
        "laptopsAway": result.laptops_away,
        "laptopsProtected": result.laptops_protected,
        "securityCenter": result.security_center.as_ref().map(percentiles_json),
        "dcAllMin": num(result.dc_all_min),
        "curve": curve,
        "rows": rows,
    });
    serde_json::to_string_pretty(&value).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn rollout_json_is_what_serde_json_wrote(
        clients in 0usize..120,
        delay in 0.0f64..200.0,
        laptops in 0usize..10,
        restarted in 0.0f64..0.3,
        joins in proptest::collection::vec(0.0f64..1000.0, 0..3),
        security_center in proptest::option::of(0.0f64..1440.0),
        domain_controllers in 0usize..3,
        seed in any::<u64>(),
    ) {
        let params = RolloutParams {
            clients,
            replication_delay_min: delay,
            laptops_away: Portion::Count(laptops.min(clients / 2)),
            restarted: Portion::Share(restarted),
            joins_min: joins,
            security_center_restart_within_min: security_center,
            domain_controllers,
            ..RolloutParams::default()
        };
        let result = rollout::simulate_seeded(&params, seed).unwrap();
        prop_assert_eq!(rollout::to_json(&result), serde_rollout_json(&result));
    }
}
