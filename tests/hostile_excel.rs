//! The hostile workbooks of ../shared/datasets/hostile-excel (four crafted `.xls` and a valid
//! one), an `.xlsx` zip bomb made here by its script and a workbook whose shared strings claim a
//! hundred billion texts, and a workbook the fuzzer made: each bad one is refused by the headless
//! CLI under a 1 GiB address-space limit within seconds, with a message naming the file; the
//! valid one imports. With `CI=true` a missing folder fails instead of skipping.

use crate::fixtures::{BIN, TempShop, shared_dataset};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A 2 KB workbook whose shared strings claim `uniqueCount="100000000000"`: calamine reserves
/// that many before reading one (an abort, not an error), unless the guard refuses it first.
const SHARED_STRINGS_CLAIM: &str = r#"
import sys, zipfile
ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
pkg = 'http://schemas.openxmlformats.org/package/2006/relationships'
ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml.'
parts = {
 '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="' + ct + 'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="' + ct + 'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="' + ct + 'sharedStrings+xml"/></Types>',
 '_rels/.rels': '<?xml version="1.0"?><Relationships xmlns="' + pkg + '"><Relationship Id="rId1" Type="' + rel + '/officeDocument" Target="xl/workbook.xml"/></Relationships>',
 'xl/workbook.xml': '<?xml version="1.0"?><workbook xmlns="' + ns + '" xmlns:r="' + rel + '"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
 'xl/_rels/workbook.xml.rels': '<?xml version="1.0"?><Relationships xmlns="' + pkg + '"><Relationship Id="rId1" Type="' + rel + '/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="' + rel + '/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
 'xl/worksheets/sheet1.xml': '<?xml version="1.0"?><worksheet xmlns="' + ns + '"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>',
 'xl/sharedStrings.xml': '<?xml version="1.0"?><sst xmlns="' + ns + '" count="1" uniqueCount="100000000000"><si><t>x</t></si></sst>',
}
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for name, text in parts.items():
        z.writestr(name, text)
"#;

/// `import --auto-map FILE` with the address space limited to 1 GiB: (exit code, stderr, time).
fn import_limited(shop: &TempShop, file: &Path) -> (Option<i32>, String, Duration) {
    let start = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576; exec \"$0\" --data-dir \"$1\" import --auto-map \"$2\"")
        .arg(BIN)
        .arg(shop.dir())
        .arg(file)
        .env("LC_ALL", "en_US.UTF-8")
        .env_remove("REGULARS_DATA_DIR")
        .output()
        .expect("run");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        start.elapsed(),
    )
}

#[test]
fn hostile_workbooks_are_refused_in_bounded_memory_and_a_valid_one_imports() {
    let Some(dir) = shared_dataset("hostile-excel") else {
        return;
    };
    let shop = TempShop::new();
    // The bomb (~600 MB unpacked), and a sheet small enough to unpack but of 4 million cells.
    let make = |name: &str, rows: &str| {
        let out = shop.path(name);
        let made = Command::new("python3")
            .arg(dir.join("make_xlsx_bomb.py"))
            .args([rows, "200"])
            .arg(&out)
            .status()
            .expect("python3");
        assert!(made.success(), "{name} is made");
        out
    };
    let bomb = make("bomb.xlsx", "200000");
    let wide = make("four_million_cells.xlsx", "20000");
    let claims = shop.path("claims_1e11_texts.xlsx");
    let made = Command::new("python3")
        .args(["-c", SHARED_STRINGS_CLAIM])
        .arg(&claims)
        .status()
        .expect("python3");
    assert!(made.success(), "the shared-strings claim is made");
    let mut files: Vec<PathBuf> = [
        "dimensions.xls",
        "far_apart.xls",
        "bad_offset.xls",
        "short_boundsheet.xls",
    ]
    .iter()
    .map(|n| dir.join(n))
    .collect();
    // Found by the `xls` fuzz target: a DIMENSIONS record whose first row is past its last.
    let fuzzed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pos/read/fuzz_rows_wrap.xls");
    files.extend([bomb, wide, claims, fuzzed]);
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let (code, stderr, took) = import_limited(&shop, file);
        eprintln!("{name}: refused in {took:.2?}");
        assert_eq!(code, Some(1), "{name} is refused, not aborted: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(&name),
            "{name}: a message naming the file: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert!(took < Duration::from_secs(30), "{name} took {took:?}");
    }
    let (code, stderr, _) = import_limited(&shop, &dir.join("ok.xls"));
    assert_eq!(code, Some(0), "ok.xls imports: {stderr}");
    let list = shop.run(&["imports", "list", "--json"]).success();
    let imports: serde_json::Value = serde_json::from_str(&list.stdout()).expect("json");
    assert_eq!(
        imports.as_array().map(Vec::len),
        Some(1),
        "only ok.xls landed"
    );
}
