//! Size probe: how much of the editor's WebAssembly is fwpolicy-core.
//!
//! One exported function per core entry point the editor calls (every writer and reader, lint,
//! diff, imports, presets, the project file, edits and history, the rollout preview, the
//! parsers), each on an input the optimiser cannot see through (`black_box`), so nothing is
//! dropped. Exports are named `x_<what>`, so `twiggy top` attributes the inlined code.
//!
//! Measure (from this directory; wasm-opt 132 from npm `binaryen`):
//!
//! ```text
//! cargo build --release --target wasm32-unknown-unknown
//! wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
//!   --enable-mutable-globals --enable-reference-types --enable-multivalue \
//!   target/wasm32-unknown-unknown/release/fwpolicy_size_probe.wasm -o probe.wasm
//! gzip -9c probe.wasm | wc -c
//! ```
//!
//! Add `--debuginfo` to wasm-opt to keep function names for `twiggy top` / `twiggy paths`.
//! Part of the figure is shared with the editor's own code (the allocator, float formatting,
//! `to_lowercase` and `{:?}` tables), so it is an upper bound of what core adds.
use core::hint::black_box;
use fwpolicy_core::formats::{self, Format};
use fwpolicy_core::model::edit::{self, Edit, History, ListKind};
use fwpolicy_core::import::{self, TableOptions};
use fwpolicy_core::formats::project::Project;
use fwpolicy_core::*;

// `no_mangle` exports are what keep the code in a cdylib; this crate is outside the project's
// workspace (and its `unsafe_code` lint).

fn input(s: &'static str) -> &'static str {
    black_box(s)
}
fn proj() -> Project {
    black_box(Project::default())
}
fn diags(d: &[Diagnostic]) -> usize {
    d.iter()
        .map(|d| d.to_string().len() + d.message.len() + d.code.as_str().len())
        .sum()
}
macro_rules! export {
    ($name:ident, $body:expr) => {
        #[no_mangle]
        pub extern "C" fn $name() -> usize {
            $body
        }
    };
}
export!(
    x_detect,
    formats::detect(black_box(&[])).map_or(0, |f| f.id().len())
);
export!(
    x_read_json,
    match project::from_json(input("{}")) {
        Ok((p, d)) => p.title.len() + diags(&d),
        Err(e) => e.to_string().len(),
    }
);
export!(x_write_json, project::to_json(&proj()).len());
export!(
    x_read_pol,
    match pol::read(black_box(&[])) {
        Ok(r) => r.policy.exception_count() + diags(&r.diagnostics),
        Err(e) => e.to_string().len(),
    }
);
export!(
    x_read_lgpo,
    match lgpo::read(input("")) {
        Ok(r) => r.policy.exception_count() + diags(&r.diagnostics),
        Err(e) => e.to_string().len(),
    }
);
export!(
    x_read_reg,
    match reg::read(input("")) {
        Ok(r) => r.policy.exception_count() + diags(&r.diagnostics),
        Err(e) => e.to_string().len(),
    }
);
export!(
    x_decode_reg_bytes,
    reg::decode_reg_bytes(black_box(&[])).map_or(0, |s| s.len())
);
export!(
    x_pol_decode,
    pol::decode(black_box(&[])).map_or(0, |d| d.len())
);
export!(x_write_pol, {
    let o = pol::write(&proj().policy);
    o.bytes.len() + diags(&o.diagnostics)
});
export!(
    x_write_lgpo,
    match lgpo::write(&proj().policy) {
        Ok(o) => o.text.len() + diags(&o.diagnostics),
        Err(e) => e.to_string().len(),
    }
);
export!(x_write_reg, {
    let o = reg::write(&proj().policy);
    reg::encode_utf16le(&o.text).len() + diags(&o.diagnostics)
});
export!(
    x_write_netsh,
    match netsh::write(&proj().policy) {
        Ok(o) => o.text.len() + diags(&o.diagnostics),
        Err(e) => e.to_string().len() + diags(&e.diagnostics()),
    }
);
export!(
    x_write_adv,
    match advfirewall::write(&proj().policy) {
        Ok(o) => o.text.len() + diags(&o.diagnostics),
        Err(e) => e.to_string().len() + diags(&e.diagnostics()),
    }
);
export!(
    x_write_ps,
    match powershell::write(&proj().policy) {
        Ok(o) => o.text.len() + diags(&o.diagnostics),
        Err(e) => e.to_string().len() + diags(&e.diagnostics()),
    }
);
export!(
    x_report_html,
    report::html(&proj().policy, &report::ReportOptions::default()).len()
);
export!(
    x_report_md,
    report::markdown(&proj().policy, &report::ReportOptions::default()).len()
);
export!(x_lint, diags(&lint::check(&proj().policy)));
export!(
    x_diff,
    diff::diff(&proj().policy, &proj().policy)
        .iter()
        .map(|c| c.describe().len())
        .sum()
);
export!(
    x_diff_exported,
    diff::diff_exported(&proj().policy, &proj().policy)
        .iter()
        .map(|c| c.describe().len())
        .sum()
);
export!(x_lines, {
    let li = import::exception_lines(input(""));
    li.ports.len() + li.programs.len() + diags(&li.diagnostics)
});
export!(x_table, {
    let ti = import::port_table(input(""), &TableOptions::default());
    ti.ports.len()
        + diags(&ti.diagnostics)
        + ti.skipped
            .iter()
            .map(|s| s.reason.to_string().len() + s.first_cell().len())
            .sum::<usize>()
});
export!(
    x_preset,
    presets::get(input("")).map_or(0, |p| p.title.len()) + presets::all().len()
);
export!(x_scope, {
    let s = Scope::parse(input(""));
    diags(&s.diagnostics) + s.value.map_or(0, |s| s.to_string().len())
});
export!(
    x_scope_item,
    ScopeItem::parse(input("")).map_or(0, |i| i.modern().len())
);
export!(x_port_exc, {
    let p = PortException::parse(input(""), ParseOptions::TYPED);
    diags(&p.diagnostics) + p.value.map_or(0, |v| v.to_string().len())
});
export!(x_prog_exc, {
    let p = ProgramException::parse(input(""), ParseOptions::TYPED);
    diags(&p.diagnostics) + p.value.map_or(0, |v| v.to_string().len())
});
export!(
    x_check_text,
    diags(&exception::check_text(
        input(""),
        Field::Name,
        true,
        Origin::Typed
    )) + diags(&exception::check_path(input(""), Origin::Typed))
);
export!(x_edit, {
    let mut p = proj().policy;
    let e: Edit = black_box(Edit::set_state(
        ProfileKind::Domain,
        SettingId::Logging,
        State::Enabled,
    ));
    match edit::apply_in_place(&mut p, &e) {
        Ok(i) => i.describe().len(),
        Err(e) => e.to_string().len(),
    }
});
export!(
    x_edit_describe,
    black_box(Edit::set_state(
        ProfileKind::Domain,
        SettingId::Logging,
        State::Enabled
    ))
    .describe()
    .len()
);
export!(x_history, {
    let mut p = proj().policy;
    let mut h = History::new(0);
    let e: Edit = black_box(Edit::set_state(
        ProfileKind::Domain,
        SettingId::Logging,
        State::Enabled,
    ));
    let _ = h.apply(&mut p, e);
    if let Some(port) = PortException::parse(input(""), ParseOptions::TYPED).value {
        let add = Edit::add_port(&p, ProfileKind::Domain, port);
        let _ = h.apply(&mut p, add);
    }
    if let Some(program) = ProgramException::parse(input(""), ParseOptions::TYPED).value {
        let add = Edit::add_program(&p, ProfileKind::Standard, program);
        let _ = h.apply(&mut p, add);
    }
    let _ = h.apply(
        &mut p,
        Edit::remove_many(ProfileKind::Domain, ListKind::Ports, &[0]),
    );
    h.undo(&mut p);
    h.redo(&mut p);
    h.pending()
        .iter()
        .map(|s| s.forward.describe().len())
        .sum::<usize>()
        + usize::from(h.has_unexported_changes())
});
export!(
    x_formats,
    Format::ALL
        .iter()
        .map(|f| f.label().len() + f.file_name(input("")).len() + f.mime().len())
        .sum()
);
export!(
    x_check_interfaces,
    usize::from(edit::check_interfaces(&[String::from(input(""))]).is_ok())
);
export!(x_rollout, {
    let params = black_box(rollout::RolloutParams::default());
    match rollout::simulate_seeded(&params, 1) {
        Ok(r) => rollout::summary(&r).len() + rollout::curve_points(&r, 200).len(),
        Err(e) => e.to_string().len(),
    }
});
export!(
    x_format_duration,
    rollout::format_duration(black_box(1.0)).len()
);
export!(x_hex, registry::hex(black_box(&[])).len());
