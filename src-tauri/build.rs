fn main() {
    // The pure core (no `gui` feature, e.g. for fuzzing) needs no Tauri context.
    if std::env::var_os("CARGO_FEATURE_GUI").is_none() {
        return;
    }
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=ui/dist");
    if let Err(error) = tauri_build::try_build(
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    ) {
        println!("cargo:warning=tauri-build failed: {error:#}");
        std::process::exit(1);
    }
}
