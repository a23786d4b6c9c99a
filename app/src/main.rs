//! fwpolicy editor entry point (built by Trunk for the browser).

fn main() {
    fwpolicy_app::run();
}
