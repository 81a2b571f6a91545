//! The house's floors stay true: every import between the core's modules runs downhill
//! (ARCHITECTURE.md, "Floors"), and no two files import each other. An import is a `use` or a
//! path (`crate::…`, `super::…`, a child module's name in its parent) of an item defined in
//! another file; test modules, `#[path]` test files and comments are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The floors, lowest first: a module may import from its own floor and the ones below. Keep in
/// step with ARCHITECTURE.md.
const FLOORS: &[&[&str]] = &[
    &["i18n", "privacy", "check"],
    &["settings"],
    &["store", "import"],
    &["people"],
    &["sales", "community"],
    &["shop"],
    &["insight", "demo"],
    &["app", "cli"],
];

/// Each table's owner, the only module whose code names it in SQL (the schema's migrations
/// aside): others read and write it through the owner's functions. Keep in step with
/// ARCHITECTURE.md's code map.
const OWNERS: &[(&str, &str)] = &[
    ("settings", "settings"),
    ("members", "people/members"),
    ("member_tags", "people/members"),
    ("identities", "people/identities"),
    ("forgotten", "people/forgotten"),
    ("forgotten_key", "people/forgotten"),
    ("import_batches", "import/batches"),
    ("sales_batches", "sales"),
    ("sales_batch_lines", "sales"),
    ("sales_batch_receipts", "sales"),
    ("import_mappings", "sales"),
    ("receipts", "sales"),
    ("items", "sales"),
    ("sale_lines", "sales"),
    ("sales_by_day", "sales"),
    ("sales_by_customer_day", "sales"),
    ("sales_by_customer", "sales"),
    ("receipt_voids", "sales"),
    ("targets", "insight/targets"),
    ("staff", "community"),
    ("chat_groups", "community"),
    ("group_days", "community"),
    ("chat_senders", "community"),
    ("chat_batches", "community"),
    ("chat_days", "community"),
    ("chat_counts", "community"),
    ("chat_flags", "community"),
    ("group_members", "community"),
    ("rule_revisions", "community"),
    ("rule_texts", "community"),
    ("group_participants", "community"),
    ("moderation", "community"),
];

fn floor(module: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&module))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri")
}

/// The core's source files (not `main.rs`, `build.rs` or `#[path]` test files), by module path.
fn files() -> BTreeMap<Vec<String>, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src-tauri") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(&root(), &mut paths);
    let mut out = BTreeMap::new();
    for path in paths {
        let rel = path.strip_prefix(root()).expect("under src-tauri");
        let mut parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        let last = parts.last().cloned().unwrap_or_default();
        let entry_point = parts.len() == 1 && ["main", "build"].contains(&last.as_str());
        if last.ends_with("_tests") || entry_point {
            continue;
        }
        if last == "mod" || (last == "lib" && parts.len() == 1) {
            parts.pop();
        }
        out.insert(parts, path);
    }
    out
}

/// The file's code without comments and without its test module.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read source");
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]")
            && lines.peek().is_some_and(|next| {
                next.trim_start().starts_with("mod ") || next.contains("#[path")
            })
        {
            break;
        }
        let line = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `(first, rest)` paths written in `code` after `crate::` or `super::`, and the names of the
/// child modules it declares.
fn paths_in(code: &str) -> (Vec<(String, Vec<String>)>, Vec<String>) {
    let mut out = Vec::new();
    let mut children = Vec::new();
    let bytes = code.as_bytes();
    let is_ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(at) = code[from..].find(start) {
            let begin = from + at;
            from = begin + start.len();
            if begin > 0 && is_ident(bytes[begin - 1]) {
                continue;
            }
            let mut segments = Vec::new();
            let mut i = from;
            loop {
                let s = i;
                while i < bytes.len() && is_ident(bytes[i]) {
                    i += 1;
                }
                if i == s {
                    break;
                }
                segments.push(code[s..i].to_string());
                if code[i..].starts_with("::") {
                    i += 2;
                } else {
                    break;
                }
            }
            out.push((start.trim_end_matches("::").to_string(), segments));
        }
    }
    for line in code.lines() {
        let t = line.trim();
        let t = t.strip_prefix("pub ").unwrap_or(t);
        let t = t.strip_prefix("pub(crate) ").unwrap_or(t);
        if let Some(name) = t.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
            children.push(name.trim().to_string());
        }
    }
    (out, children)
}

/// The file a module path names (the longest prefix that is a file).
fn resolve<'a>(
    files: &'a BTreeMap<Vec<String>, PathBuf>,
    path: &[String],
) -> Option<&'a Vec<String>> {
    (1..=path.len())
        .rev()
        .find_map(|n| files.get_key_value(&path[..n]).map(|(k, _)| k))
}

/// Every import between two files: (importer, imported) module paths.
fn imports() -> BTreeSet<(Vec<String>, Vec<String>)> {
    let files = files();
    let mut edges = BTreeSet::new();
    for (module, path) in &files {
        if module.is_empty() {
            continue; // lib.rs: the module list
        }
        let code = code(path);
        let is_mod_file = path
            .file_name()
            .is_some_and(|n| n == "mod.rs" || n == "lib.rs");
        // `super` is the module's parent: `a` for `a/b.rs` and for `a/b/mod.rs`.
        let parent: Vec<String> = module[..module.len().saturating_sub(1)].to_vec();
        let (paths, children) = paths_in(&code);
        let mut targets = Vec::new();
        for (base, rest) in paths {
            let mut full = if base == "crate" {
                Vec::new()
            } else {
                parent.clone()
            };
            let mut rest = rest.as_slice();
            while let Some((first, more)) = rest.split_first()
                && first == "super"
            {
                full.pop();
                rest = more;
            }
            full.extend(rest.iter().cloned());
            targets.push(full);
        }
        if is_mod_file {
            for child in &children {
                let prefix = format!("{child}::");
                // `child::` not preceded by an identifier or a path (`x::child::`).
                let used = code.match_indices(&prefix).any(|(at, _)| {
                    at == 0
                        || !matches!(code.as_bytes()[at - 1], b':' | b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9')
                });
                if used {
                    let mut full = module.clone();
                    full.push(child.clone());
                    targets.push(full);
                }
            }
        }
        for target in targets {
            if let Some(file) = resolve(&files, &target)
                && file != module
                && !file.is_empty()
            {
                edges.insert((module.clone(), file.clone()));
            }
        }
    }
    edges
}

#[test]
fn imports_run_downhill_and_no_two_files_import_each_other() {
    let edges = imports();
    assert!(edges.len() > 50, "the scan finds the imports: {edges:?}");
    let mut problems = Vec::new();
    for (from, to) in &edges {
        let (a, b) = (&from[0], &to[0]);
        match (floor(a), floor(b)) {
            (Some(fa), Some(fb)) if a != b && fa < fb => problems.push(format!(
                "{} (floor {fa}) imports {} (floor {fb}): uphill",
                from.join("/"),
                to.join("/")
            )),
            (None, _) => problems.push(format!("{a} has no floor in FLOORS")),
            (_, None) => problems.push(format!("{b} has no floor in FLOORS")),
            _ => {}
        }
        if from < to && edges.contains(&(to.clone(), from.clone())) {
            problems.push(format!(
                "{} and {} import each other",
                from.join("/"),
                to.join("/")
            ));
        }
    }
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The scan itself: what it must see and what it must leave out.
#[test]
fn the_import_scan_reads_paths_children_and_leaves_tests_and_comments_out() {
    let code = code(&root().join("import/mod.rs"));
    assert!(!code.contains("//"), "comments are left out");
    let (paths, children) = paths_in("use crate::a::b::{C, D};\nuse super::e;\nmod f;\npub mod g;");
    assert_eq!(
        paths,
        [
            ("crate".to_string(), vec!["a".to_string(), "b".to_string()]),
            ("super".to_string(), vec!["e".to_string()])
        ]
    );
    assert_eq!(children, ["f", "g"]);
    let edges = imports();
    let has = |a: &str, b: &str| {
        let split = |s: &str| s.split('/').map(String::from).collect::<Vec<_>>();
        edges.contains(&(split(a), split(b)))
    };
    assert!(has("sales/writer", "sales/lines"), "super:: paths");
    assert!(has("insight/dashboard", "insight/metrics"), "crate:: paths");
    assert!(has("cli", "cli/members"), "a child used by its parent");
    assert!(!has("store", "sales/rollups"), "test modules are left out");
}

/// A cycle of imports among files, if there is one (each file in it, in order).
fn cycle(edges: &BTreeSet<(Vec<String>, Vec<String>)>) -> Option<Vec<String>> {
    let mut next: BTreeMap<&Vec<String>, Vec<&Vec<String>>> = BTreeMap::new();
    for (a, b) in edges {
        next.entry(a).or_default().push(b);
    }
    // Depth-first, colouring files: 1 on the current path, 2 done.
    let mut colour: BTreeMap<&Vec<String>, u8> = BTreeMap::new();
    fn visit<'a>(
        at: &'a Vec<String>,
        next: &BTreeMap<&'a Vec<String>, Vec<&'a Vec<String>>>,
        colour: &mut BTreeMap<&'a Vec<String>, u8>,
        path: &mut Vec<&'a Vec<String>>,
    ) -> Option<Vec<String>> {
        colour.insert(at, 1);
        path.push(at);
        for to in next.get(at).into_iter().flatten() {
            match colour.get(to) {
                Some(1) => {
                    let from = path.iter().position(|p| p == to).unwrap_or(0);
                    return Some(path[from..].iter().map(|p| p.join("/")).collect());
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(to, next, colour, path) {
                        return Some(c);
                    }
                }
            }
        }
        path.pop();
        colour.insert(at, 2);
        None
    }
    let starts: Vec<&Vec<String>> = next.keys().copied().collect();
    for start in starts {
        if !colour.contains_key(start)
            && let Some(c) = visit(start, &next, &mut colour, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

/// Longer circles than two files hide the same tangle: none at all.
#[test]
fn no_files_import_each_other_in_a_circle() {
    let edges = imports();
    assert_eq!(cycle(&edges), None);
    // The search itself finds a circle of three.
    let split = |s: &str| s.split('/').map(String::from).collect::<Vec<_>>();
    let mut circle = BTreeSet::new();
    circle.insert((split("a"), split("b")));
    circle.insert((split("b"), split("c")));
    circle.insert((split("c"), split("a")));
    assert_eq!(cycle(&circle).map(|c| c.len()), Some(3));
}

/// The tables `code` names in SQL: a word after `FROM`, `JOIN`, `INTO`, `UPDATE` or `TABLE`.
fn tables_in(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let words: Vec<&str> = code
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    for pair in words.windows(2) {
        if ["FROM", "JOIN", "INTO", "UPDATE", "TABLE"].contains(&pair[0]) {
            out.insert(pair[1].to_string());
        }
    }
    out
}

/// Every table has one owner, and no other module's code names it in SQL.
#[test]
fn each_table_is_named_only_by_its_owner() {
    let conn = regulars_lib::store::open_in_memory().expect("db");
    let tables = crate::fixtures::schema_tables(&conn);
    for table in &tables {
        assert!(
            OWNERS.iter().any(|(t, _)| t == table),
            "table {table} has no owner in OWNERS"
        );
    }
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (module, path) in files() {
        let name = module.join("/");
        if name == "store/migrations" {
            continue; // the schema itself
        }
        for table in tables_in(&code(&path)) {
            let Some((_, owner)) = OWNERS.iter().find(|(t, _)| *t == table) else {
                continue;
            };
            seen.insert(table.clone());
            if name != *owner && !name.starts_with(&format!("{owner}/")) {
                problems.push(format!("{name} names table {table}, which {owner} owns"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        seen.contains("members") && seen.contains("sales_by_day"),
        "the scan finds the tables: {seen:?}"
    );
}
