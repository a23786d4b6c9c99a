//! Components: one concept per file, no domain logic (every change is a `core` edit).

pub mod check_box;
pub mod dialog;
pub mod exception_form;
pub mod exception_table;
pub mod field_messages;
pub mod findings;
pub mod global_settings;
pub mod header;
pub mod interfaces;
pub mod profile_switch;
pub mod rollout_chart;
pub mod rollout_figures;
pub mod rollout_form;
pub mod rollout_model;
pub mod rollout_sample;
pub mod rollout_tables;
pub mod scope_editor;
pub mod scroll_table;
pub mod setting_row;
pub mod settings_overview;
pub mod text_field;
pub mod tri_state;
