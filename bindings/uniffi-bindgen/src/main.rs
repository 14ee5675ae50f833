//! `uniffi-bindgen`: generates the Kotlin and Swift bindings from the built libburao,
//! e.g. `cargo run -p uniffi-bindgen -- generate --library target/debug/libburao.so
//! --language kotlin --out-dir build/kotlin`. Run it inside the workspace: it reads
//! `bindings/uniffi.toml` through `cargo metadata`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
