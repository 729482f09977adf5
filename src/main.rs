//! The Glossa web application's entry point (built by Trunk).

fn main() {
    #[cfg(target_arch = "wasm32")]
    glossa::start();
}
