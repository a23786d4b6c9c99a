//! The format engine's web worker (built by Trunk with `data-type="worker"`): see
//! `fwpolicy_app::engine`.

use gloo_worker::Registrable;

fn main() {
    fwpolicy_app::engine::Engine::registrar().register();
}
