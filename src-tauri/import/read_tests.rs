use super::*;
use proptest::prelude::*;
use std::io::Write;

fn temp(bytes: &[u8], suffix: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new()
        .prefix("sales-")
        .suffix(suffix)
        .tempfile()
        .unwrap();
    f.write_all(bytes).unwrap();
    f.flush().unwrap();
    f
}

fn never(_: &str) -> bool {
    false
}

/// Sniffs and reads a whole file: the sniff result and every data row.
fn read_with(bytes: &[u8], opts: &ReadOptions) -> Result<(Sniffed, Vec<Row>), ReadError> {
    let f = temp(bytes, ".csv");
    let sniffed = sniff(f.path(), opts, &never)?;
    let rows = open_rows(f.path(), &sniffed)?.collect::<Result<Vec<_>, _>>()?;
    Ok((sniffed, rows))
}

fn read(bytes: &[u8]) -> Result<(Sniffed, Vec<Row>), ReadError> {
    read_with(bytes, &ReadOptions::default())
}

/// Reads `input` and compares the header and the rows as (row number, cells).
#[track_caller]
fn check(input: &[u8], headers: &[&str], rows: &[(usize, &[&str])]) {
    let (sniffed, got) = read(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
    assert_eq!(sniffed.headers, headers, "{input:?}");
    let got: Vec<(usize, Vec<String>)> = got.into_iter().map(|r| (r.number, r.cells)).collect();
    let want: Vec<(usize, Vec<String>)> = rows
        .iter()
        .map(|(n, cells)| (*n, cells.iter().map(|c| c.to_string()).collect()))
        .collect();
    assert_eq!(got, want, "{input:?}");
    let samples: Vec<(usize, Vec<String>)> = sniffed
        .samples
        .into_iter()
        .map(|r| (r.number, r.cells))
        .collect();
    assert_eq!(samples, want, "samples of {input:?}");
}

/// Reads `input` and expects an error whose debug form starts with `kind`.
#[track_caller]
fn check_err(input: &[u8], kind: &str) -> ReadError {
    match read(input) {
        Ok((s, rows)) => panic!(
            "expected {kind}, read {:?} and {} rows",
            s.headers,
            rows.len()
        ),
        Err(e) => {
            assert!(
                format!("{e:?}").starts_with(kind),
                "expected {kind}, got {e:?}"
            );
            e
        }
    }
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

fn utf16be(text: &str) -> Vec<u8> {
    let mut out = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out
}

fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

const SIMPLE: &[(usize, &[&str])] = &[
    (2, &["2026-03-05", "可颂", "12.50"]),
    (3, &["2026-03-06", "拿铁", "18.00"]),
];

#[test]
fn delimiters_and_line_ends() {
    let h = ["日期", "商品", "金额"];
    check(b"\xE6\x97\xA5\xE6\x9C\x9F,\xE5\x95\x86\xE5\x93\x81,\xE9\x87\x91\xE9\xA2\x9D\n2026-03-05,\xE5\x8F\xAF\xE9\xA2\x82,12.50\n2026-03-06,\xE6\x8B\xBF\xE9\x93\x81,18.00\n", &h, SIMPLE);
    for text in [
        "日期,商品,金额\n2026-03-05,可颂,12.50\n2026-03-06,拿铁,18.00\n",
        "日期,商品,金额\r\n2026-03-05,可颂,12.50\r\n2026-03-06,拿铁,18.00",
        "日期;商品;金额\n2026-03-05;可颂;12.50\n2026-03-06;拿铁;18.00\n",
        "日期\t商品\t金额\n2026-03-05\t可颂\t12.50\n2026-03-06\t拿铁\t18.00\n",
        "日期|商品|金额\n2026-03-05|可颂|12.50\n2026-03-06|拿铁|18.00\n",
        "\u{feff}日期,商品,金额\n2026-03-05,可颂,12.50\n2026-03-06,拿铁,18.00\n",
        "\"日期\",\"商品\",\"金额\"\n\"2026-03-05\",\"可颂\",\"12.50\"\n2026-03-06,拿铁,18.00\n",
        " 日期 , 商品\u{a0}, 金额\n2026-03-05 ,\u{3000}可颂, 12.50 \n2026-03-06,拿铁,18.00\n",
    ] {
        check(text.as_bytes(), &h, SIMPLE);
    }
}

#[test]
fn delimiter_sniffing_respects_quotes_and_decimal_commas() {
    check(
            b"Datum;Beschreibung;Preis\n24.03.2023, 12:32;Gipfeli;1,50\n24.03.2023, 12:40;\"Brot; gross\";4,20\n",
            &["Datum", "Beschreibung", "Preis"],
            &[(2, &["24.03.2023, 12:32", "Gipfeli", "1,50"]), (3, &["24.03.2023, 12:40", "Brot; gross", "4,20"])],
        );
    check(
            b"Date,Item,Net Sales\n12/27/2018,\"Bread, sourdough\",\"$1,149.00 \"\n12/28/2018,Tea,($33.62)\n",
            &["Date", "Item", "Net Sales"],
            &[(2, &["12/27/2018", "Bread, sourdough", "$1,149.00"]), (3, &["12/28/2018", "Tea", "($33.62)"])],
        );
    let f = temp(b"a;b,c\n1;2,3\n", ".csv");
    let forced = ReadOptions {
        delimiter: Some(','),
        ..Default::default()
    };
    let s = sniff(f.path(), &forced, &never).unwrap();
    assert_eq!(
        (s.delimiter, s.headers.clone()),
        (Some(','), vec!["a;b".to_string(), "c".to_string()])
    );
}

#[test]
fn encodings() {
    let text = "日期,商品,金额\r\n2026-03-05,可颂,12.50\r\n2026-03-06,拿铁,18.00\r\n";
    for (bytes, encoding) in [
        (text.as_bytes().to_vec(), TextEncoding::Utf8),
        (
            [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
            TextEncoding::Utf8,
        ),
        (utf16le(text, true), TextEncoding::Utf16Le),
        (utf16le(text, false), TextEncoding::Utf16Le),
        (utf16be(text), TextEncoding::Utf16Be),
        (gbk(text), TextEncoding::Gb18030),
    ] {
        let (s, rows) = read(&bytes).unwrap();
        assert_eq!(s.encoding, Some(encoding));
        assert_eq!(s.headers, ["日期", "商品", "金额"]);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].cells, ["2026-03-05", "可颂", "12.50"]);
    }
    // ￥ is in GBK, ¥ is not: the fullwidth sign survives.
    let (_, rows) = read(&gbk("商品,金额\n可颂,￥12.50\n")).unwrap();
    assert_eq!(rows[0].cells[1], "￥12.50");
}

#[test]
fn a_forced_encoding_that_does_not_fit_names_the_row() {
    let bytes = gbk("date,item,amount\n2026-03-05,croissant,12.50\n2026-03-06,拿铁,18.00\n");
    let opts = ReadOptions {
        encoding: Some(TextEncoding::Utf8),
        ..Default::default()
    };
    let err = read_with(&bytes, &opts).unwrap_err();
    assert!(
        matches!(
            err,
            ReadError::Undecodable {
                row: 3,
                column: 2,
                encoding: TextEncoding::Utf8,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.message(Lang::En).contains("Row 3, column 2"));
    assert!(err.message(Lang::Zh).contains("第 3 行第 2 列"));
}

#[test]
fn title_lines_totals_and_blank_rows() {
    let text = "销售明细报表,,,\n门店：朝阳店,,,\n日期范围：2026-03-01 至 2026-03-07,,,\n,,,\n日期,商品,数量,金额\n2026-03-05,可颂,2,25.00\n,,,\n\n2026-03-06,拿铁,1,18.00\n合计,,3,43.00\n";
    let (s, rows) = read(text.as_bytes()).unwrap();
    assert_eq!(
        s.title_lines,
        [
            "销售明细报表",
            "门店：朝阳店",
            "日期范围：2026-03-01 至 2026-03-07"
        ]
    );
    assert_eq!(s.header_row, 5);
    assert_eq!(s.headers, ["日期", "商品", "数量", "金额"]);
    let numbers: Vec<usize> = rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [6, 9]);
    for total in [
        "Total",
        "TOTALS:",
        "Grand Total",
        "总计",
        "小计：",
        "Summe",
        "Gesamt",
        "Итого",
    ] {
        let text = format!("a,b\n1,x\n{total},2\n3,y\n");
        let (_, rows) = read(text.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2, "{total}");
    }
    // A row with a total word further right is data.
    let (_, rows) = read(b"a,b\n1,Total\n").unwrap();
    assert_eq!(rows.len(), 1);
}

#[test]
fn known_headers_win_over_title_lines() {
    let text = "Report,Store 12\nDate,Item,Amount\n2026-03-05,Bun,2.00\n";
    let known = |c: &str| matches!(c, "Date" | "Item" | "Amount");
    let f = temp(text.as_bytes(), ".csv");
    let s = sniff(f.path(), &ReadOptions::default(), &known).unwrap();
    assert_eq!(
        (s.header_row, s.title_lines.clone()),
        (2, vec!["Report Store 12".to_string()])
    );
    // Without the matcher, a two-cell title followed by a wider row is skipped too.
    let s = sniff(f.path(), &ReadOptions::default(), &never).unwrap();
    assert_eq!(s.header_row, 2);
}

#[test]
fn excel_guards_and_cells() {
    for (cell, expect) in [
        ("=\"00123\"", "00123"),
        ("=\"13812345678\"", "13812345678"),
        ("=\"a \"\"b\"\"\"", "a \"b\""),
        ("'13812345678", "13812345678"),
        ("'+86 138 1234 5678", "+86 138 1234 5678"),
        ("'hello", "'hello"),
        ("\t13812345678", "13812345678"),
        ("\u{a0}12.50\u{202f}", "12.50"),
        ("\u{3000}可颂\u{3000}", "可颂"),
        ("=SUM(A1)", "=SUM(A1)"),
    ] {
        assert_eq!(clean_cell(cell), expect, "{cell:?}");
    }
    check(
        b"phone,order\n\"=\"\"13812345678\"\"\",=\"007\"\n",
        &["phone", "order"],
        &[(2, &["13812345678", "007"])],
    );
}

#[test]
fn rows_keep_their_line_numbers_and_width() {
    check(
        b"a,b,c\n1,\"two\nlines\",3\n4,5\n\n6,,\n",
        &["a", "b", "c"],
        &[
            (2, &["1", "two\nlines", "3"]),
            (4, &["4", "5", ""]),
            (6, &["6", "", ""]),
        ],
    );
    // Trailing empty header cells (Excel pads) and extra empty cells are fine.
    check(b"a,b,,\n1,2,,\n", &["a", "b"], &[(2, &["1", "2"])]);
    // An unnamed column in the middle keeps its place.
    check(
        b",date,qty\n0,2026-03-05,1.0\n",
        &["", "date", "qty"],
        &[(2, &["0", "2026-03-05", "1.0"])],
    );
}

#[test]
fn a_row_wider_than_the_header_is_an_error() {
    let err = check_err(b"a,b\n1,2\n3,4,5\n", "Ragged");
    assert!(
        matches!(
            err,
            ReadError::Ragged {
                row: 3,
                found: 3,
                expected: 2,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.message(Lang::En).contains("Row 3"));
    assert!(err.message(Lang::En).contains("3 values"));
    assert!(err.message(Lang::Zh).contains("第 3 行有 3 个值"));
}

#[test]
fn hostile_inputs_give_clear_errors() {
    check_err(b"", "Empty");
    check_err(b"\n\n  \r\n", "Empty");
    check_err(b",,,,\n,,,,\n", "Empty");
    check_err(b";;;\n;;;\n", "Empty");
    check_err(b"date,item,amount\n", "NoData");
    check_err(b"date,item,amount\n,,\n", "NoData");
    check_err(b"date,item,amount\nTotal,,0\n", "NoData");
    check_err(b"only one column\nand another line\n", "NoHeader");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0\x1f\xf3\xffa\0\0\0\x04gAMA\0\0\xb1\x8f\x0b\xfca\x05\0\0\0\tpHYs\0\0\x0e\xc3\0\0\x0e\xc3\x01\xc7o\xa8d";
    check_err(png, "NotText");
    let mut rng = fastrand::Rng::with_seed(7);
    let random: Vec<u8> = (0..100_000).map(|_| rng.u8(..)).collect();
    check_err(&random, "NotText");
    // A 10 MB single field.
    let big = vec![b'x'; 10 * 1024 * 1024];
    let err = check_err(&big, "FieldTooLong");
    assert!(
        matches!(
            err,
            ReadError::FieldTooLong {
                row: 1,
                column: 1,
                ..
            }
        ),
        "{err:?}"
    );
    // A quote never closed, then a lot of data.
    let mut text = b"a,b,c\n1,2,3\n4,\"5,6\n".to_vec();
    for _ in 0..20_000 {
        text.extend_from_slice(b"7,8,9\n");
    }
    let err = check_err(&text, "FieldTooLong");
    assert!(
        matches!(
            err,
            ReadError::FieldTooLong {
                row: 3,
                column: 2,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.message(Lang::En)
            .contains("a quote is probably never closed")
    );
    assert!(err.message(Lang::Zh).contains("引号没有闭合"));
    // A quote never closed in a small file.
    let err = check_err(b"a,b,c\n1,2,3\n4,5,\"6\n7,8,9\n", "UnclosedQuote");
    assert!(
        matches!(
            err,
            ReadError::UnclosedQuote {
                row: 3,
                column: 3,
                ..
            }
        ),
        "{err:?}"
    );
    // A line of nothing but delimiters.
    let line = vec![b','; 2 * 1024 * 1024];
    check_err(&[b"a,b\n1,2\n".as_slice(), &line].concat(), "RowTooLong");
    check_err(&[line.as_slice(), b"\n"].concat(), "RowTooLong");
    let err = read_with(
        b"a,b\n1,2\n",
        &ReadOptions {
            delimiter: Some('，'),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err, ReadError::BadDelimiter { .. }), "{err:?}");
    check_err(b"PK\x03\x04 not really a zip", "Workbook");
    check_err(
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 not really an xls",
        "Workbook",
    );
    let missing = sniff(
        Path::new("/nonexistent/sales.csv"),
        &ReadOptions::default(),
        &never,
    )
    .unwrap_err();
    assert!(matches!(missing, ReadError::Io { .. }));
}

#[test]
fn every_message_names_the_file_in_both_languages() {
    let file = || "sales.csv".to_string();
    let errors = [
        ReadError::Io {
            file: file(),
            detail: "denied".into(),
        },
        ReadError::Empty { file: file() },
        ReadError::NotText { file: file() },
        ReadError::NoHeader { file: file() },
        ReadError::NoData {
            file: file(),
            header_row: 3,
        },
        ReadError::FieldTooLong {
            file: file(),
            row: 3,
            column: 2,
        },
        ReadError::UnclosedQuote {
            file: file(),
            row: 3,
            column: 2,
        },
        ReadError::RowTooLong {
            file: file(),
            row: 3,
        },
        ReadError::Ragged {
            file: file(),
            row: 3,
            found: 5,
            expected: 4,
        },
        ReadError::Undecodable {
            file: file(),
            row: 3,
            column: 2,
            encoding: TextEncoding::Utf8,
        },
        ReadError::BadDelimiter {
            file: file(),
            delimiter: 'x',
        },
        ReadError::Workbook {
            file: file(),
            detail: "zip".into(),
        },
        ReadError::SheetNotFound {
            file: file(),
            sheet: "X".into(),
            available: vec!["A".into()],
        },
    ];
    for e in &errors {
        for lang in [Lang::Zh, Lang::En] {
            let m = e.message(lang);
            assert!(m.contains("“sales.csv”"), "{m}");
            if format!("{e:?}").contains("row: 3") || format!("{e:?}").contains("header_row: 3") {
                assert!(m.contains('3'), "{m}");
            }
        }
    }
}

#[test]
fn large_files_stream_with_progress() {
    let mut text = String::from("date,item,qty,amount\n");
    for i in 0..50_000 {
        text.push_str(&format!(
            "2026-03-05 10:{:02}:00,item {i},1,{}.50\n",
            i % 60,
            i % 100
        ));
    }
    let f = temp(text.as_bytes(), ".csv");
    let s = sniff(f.path(), &ReadOptions::default(), &never).unwrap();
    assert_eq!(s.samples.len(), SAMPLE_ROWS);
    assert_eq!(s.size_bytes, text.len() as u64);
    let mut rows = open_rows(f.path(), &s).unwrap();
    assert!(rows.bytes_read() < s.size_bytes);
    let first = rows.next().unwrap().unwrap();
    assert_eq!((first.number, first.cells[1].as_str()), (2, "item 0"));
    assert!(rows.bytes_read() < s.size_bytes / 2, "not buffered whole");
    let mut n = 1;
    let mut last = 0;
    for row in rows.by_ref() {
        let row = row.unwrap();
        n += 1;
        last = row.number;
    }
    assert_eq!((n, last), (50_000, 50_001));
    assert_eq!(rows.bytes_read(), s.size_bytes);
}

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pos/read/sample.xlsx")
}

#[test]
fn xlsx_numbers_and_dates_as_text() {
    let s = sniff(&fixture(), &ReadOptions::default(), &never).unwrap();
    assert_eq!(s.kind, FileKind::Xlsx);
    assert_eq!((s.encoding, s.delimiter), (None, None));
    assert_eq!(s.sheet.as_deref(), Some("销售明细"));
    assert_eq!(
        s.title_lines,
        ["销售明细报表", "门店：朝阳店 2026-03-01 至 2026-03-07"]
    );
    assert_eq!(s.header_row, 3);
    assert_eq!(
        s.headers,
        ["下单时间", "商品", "数量", "金额", "会员手机", "日期"]
    );
    let rows: Vec<Row> = open_rows(&fixture(), &s)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows, s.samples);
    let cells: Vec<(usize, Vec<&str>)> = rows
        .iter()
        .map(|r| (r.number, r.cells.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        cells,
        [
            (
                4,
                vec![
                    "2026-03-05 14:23:11",
                    "可颂",
                    "2",
                    "25.5",
                    "13812345678",
                    "2026-03-05"
                ]
            ),
            (
                5,
                vec![
                    "2026-03-06 09:05:00",
                    "拿铁",
                    "1.5",
                    "1234.5",
                    "13900001111",
                    "2026-03-06"
                ]
            ),
            (7, vec!["2026-03-07", "007", "-1", "0.3", "", "2026-03-07"]),
        ]
    );
    // Named by magic, not by extension.
    let bytes = std::fs::read(fixture()).unwrap();
    let (s, rows) = read(&bytes).unwrap();
    assert_eq!((s.kind, rows.len()), (FileKind::Xlsx, 3));
    // The owner picks a sheet.
    let opts = ReadOptions {
        sheet: Some("说明".into()),
        ..Default::default()
    };
    assert!(matches!(
        sniff(&fixture(), &opts, &never),
        Err(ReadError::Empty { .. })
    ));
    let opts = ReadOptions {
        sheet: Some("Sheet9".into()),
        ..Default::default()
    };
    let err = sniff(&fixture(), &opts, &never).unwrap_err();
    assert!(
        matches!(&err, ReadError::SheetNotFound { available, .. } if available.len() == 2),
        "{err:?}"
    );
}

#[test]
fn xlsx_with_cells_far_apart_is_refused_without_allocating_the_rectangle() {
    let path = fixture().with_file_name("far_apart.xlsx");
    let err = sniff(&path, &ReadOptions::default(), &never).unwrap_err();
    assert!(
        matches!(err, ReadError::RowTooLong { row: 1_048_576, .. }),
        "{err:?}"
    );
}

#[test]
fn floats_render_like_excel_shows_them() {
    for (f, text) in [
        (13812345678.0, "13812345678"),
        (2.0, "2"),
        (-1.0, "-1"),
        (0.1 + 0.2, "0.3"),
        (1234.5, "1234.5"),
        (0.0, "0"),
        (1.0e20, "100000000000000000000"),
        (1.5e-7, "0.00000015"),
        (12.345678901234567, "12.3456789012346"),
        (f64::NAN, ""),
        (f64::INFINITY, ""),
    ] {
        assert_eq!(render_float(f), text, "{f}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = read(&bytes);
    }

    #[test]
    fn csv_like_bytes_never_panic(text in "[a-c0-9,;\t|\"\n\r =']{0,200}") {
        let _ = read(text.as_bytes());
        let forced = ReadOptions { encoding: Some(TextEncoding::Utf16Be), delimiter: Some(';'), sheet: None };
        let _ = read_with(text.as_bytes(), &forced);
    }

    #[test]
    fn generated_tables_read_back(
        cells in proptest::collection::vec(proptest::collection::vec("[a-z0-9 ,\"]{1,8}", 3), 1..20),
    ) {
        let quote = |c: &String| format!("\"{}\"", c.replace('"', "\"\""));
        let mut text = String::from("h1,h2,h3\n");
        for row in &cells {
            text.push_str(&row.iter().map(quote).collect::<Vec<_>>().join(","));
            text.push('\n');
        }
        let (_, rows) = read(text.as_bytes()).unwrap();
        let want: Vec<Vec<String>> = cells
            .iter()
            .map(|r| r.iter().map(|c| clean_cell(c)).collect())
            .filter(|r: &Vec<String>| !is_blank(r) && !is_total(r))
            .collect();
        let got: Vec<Vec<String>> = rows.into_iter().map(|r| r.cells).collect();
        prop_assert_eq!(got, want);
    }
}
