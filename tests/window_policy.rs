//! What the window may do, read from the files that decide it: a strict CSP without inline style
//! or remote sources, and only the permissions the UI uses (events; dialogs open in Rust).

use serde_json::Value;
use std::path::Path;

fn json(path: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let text = std::fs::read_to_string(&path).expect("read");
    serde_json::from_str(&text).expect("json")
}

#[test]
fn the_csp_allows_nothing_inline_and_nothing_remote() {
    let conf = json("tauri.conf.json");
    let csp = conf["app"]["security"]["csp"].as_str().expect("a CSP");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(!csp.contains("unsafe-eval"), "{csp}");
    for directive in csp.split(';').map(str::trim) {
        for source in directive.split_whitespace().skip(1) {
            assert!(
                !source.starts_with("http") || source == "http://ipc.localhost",
                "a remote source in `{directive}`"
            );
            assert_ne!(source, "*", "`{directive}`");
        }
    }
    for needed in [
        "default-src 'self'",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
    ] {
        assert!(csp.contains(needed), "{needed} in {csp}");
    }
}

#[test]
fn the_window_may_only_listen_to_the_apps_events() {
    let caps = json("src-tauri/capabilities/default.json");
    let permissions: Vec<&str> = caps["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        permissions,
        ["core:event:allow-listen", "core:event:allow-unlisten"]
    );
}

#[test]
fn the_built_ui_names_no_test_hook_and_no_dialog_plugin() {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/dist/assets");
    let Ok(entries) = std::fs::read_dir(&dist) else {
        panic!(
            "{} is missing: build the UI first (npx vite build)",
            dist.display()
        );
    };
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for hook in [
            "debug_next_dialog",
            "debug_panic",
            "regulars-open",
            "plugin:dialog",
        ] {
            assert!(
                !text.contains(hook),
                "{} names {hook}",
                entry.path().display()
            );
        }
    }
}
