use super::*;
use crate::i18n::Lang;
use std::path::Path;

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

fn split(line: &str) -> Vec<String> {
    line.split('|').map(String::from).collect()
}

fn role(code: &str) -> Option<Role> {
    if code == "-" {
        None
    } else {
        Some(serde_json::from_str(&format!("\"{code}\"")).unwrap())
    }
}

/// The generic proposal (no preset) for `headers` ("a|b|c") gives the roles
/// `expected` ("date|-|net"), column by column.
#[track_caller]
fn check(headers: &str, expected: &str) {
    let headers = split(headers);
    let expected: Vec<Option<Role>> = expected.split('|').map(role).collect();
    assert_eq!(headers.len(), expected.len(), "test case is malformed");
    let p = propose(&headers, &[]);
    assert_eq!(p.preset, None, "{headers:?} unexpectedly matched a preset");
    let got: Vec<Option<Role>> = p.columns.iter().map(|c| c.role).collect();
    assert_eq!(got, expected, "{headers:?}");
}

/// Reads a fixture as the reader will: UTF-8 (BOM dropped) or GBK, header
/// row = the first row with three known headers, the rows under it.
fn fixture(name: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pos")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    let text = match std::str::from_utf8(&bytes) {
        Ok(s) => s.trim_start_matches('\u{feff}').to_string(),
        Err(_) => {
            let (t, _, had_errors) = encoding_rs::GBK.decode(&bytes);
            assert!(!had_errors, "{name} is neither UTF-8 nor GBK");
            t.into_owned()
        }
    };
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let at = rows
        .iter()
        .position(|r| r.iter().filter(|c| is_known_header(c)).count() >= 3)
        .unwrap_or_else(|| panic!("no header row in {name}"));
    (rows[at].clone(), rows[at + 1..].to_vec())
}

fn preset(id: &str) -> &'static Preset {
    presets().iter().find(|p| p.id == id).unwrap()
}

// ------------------------------------------------------------------ presets

#[test]
fn every_fixture_is_detected_as_its_preset_and_maps_every_declared_role() {
    let cases = [
        ("square_items.csv", Level::Line, Some(DateOrder::Ymd), 35),
        (
            "square_transactions.csv",
            Level::Receipt,
            Some(DateOrder::Mdy),
            44,
        ),
        (
            "loyverse_receipts.csv",
            Level::Receipt,
            Some(DateOrder::Mdy),
            19,
        ),
        ("loyverse_items.csv", Level::Line, Some(DateOrder::Dmy), 22),
        ("shopify_orders.csv", Level::Line, Some(DateOrder::Ymd), 72),
        ("sumup_sales.csv", Level::Line, Some(DateOrder::Dmy), 16),
        ("youzan_goods.csv", Level::Line, Some(DateOrder::Ymd), 36),
        ("meituan_pos.csv", Level::Line, Some(DateOrder::Ymd), 12),
        ("keruyun_pos.csv", Level::Line, Some(DateOrder::Ymd), 12),
    ];
    assert_eq!(cases.len(), presets().len(), "a preset without a fixture");
    for (file, level, order, width) in cases {
        let id = file.trim_end_matches(".csv");
        let (headers, rows) = fixture(file);
        assert_eq!(headers.len(), width, "{file}: header width");
        assert!(
            (10..=25).contains(&rows.len()),
            "{file}: {} rows",
            rows.len()
        );
        let detected = detect_preset(&headers).map(|p| p.id);
        assert_eq!(detected, Some(id), "{file}");
        let p = propose(&headers, &rows);
        assert_eq!(p.preset.as_deref(), Some(id));
        let preset = preset(id);
        for (role, names) in preset.roles {
            // Names of other export variants that this file does not have.
            if (id, *role) == ("square_transactions", Role::Status) {
                assert_eq!(p.mapping.column(*role), None);
                continue;
            }
            let col = p
                .mapping
                .column(*role)
                .unwrap_or_else(|| panic!("{file}: {role:?} not mapped"));
            assert!(
                names
                    .iter()
                    .any(|n| normalize(n) == normalize(&headers[col])),
                "{file}: {role:?} mapped to {:?}",
                headers[col]
            );
            assert_eq!(p.columns[col].by, Some(GuessBy::Preset));
        }
        assert_eq!(p.missing, Vec::<Role>::new(), "{file}");
        assert_eq!(p.mapping.level, level, "{file}");
        assert_eq!(p.mapping.date_order, order, "{file}");
        assert!(!p.ambiguous_dates, "{file}");
        assert_eq!(p.mapping.decimal, DecimalStyle::Point, "{file}");
        assert_eq!(p.mapping.tax_included, preset.tax_included);
    }
}

#[test]
fn fixture_encodings_are_the_real_ones() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pos");
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    for f in ["meituan_pos.csv", "keruyun_pos.csv"] {
        assert!(std::str::from_utf8(&read(f)).is_err(), "{f} should be GBK");
    }
    for f in ["loyverse_receipts.csv", "loyverse_items.csv"] {
        assert!(
            read(f).starts_with(b"\xef\xbb\xbf"),
            "{f} should have a BOM"
        );
    }
    for f in [
        "square_items.csv",
        "shopify_orders.csv",
        "youzan_goods.csv",
        "sumup_sales.csv",
    ] {
        let b = read(f);
        assert!(
            std::str::from_utf8(&b).is_ok() && !b.starts_with(b"\xef\xbb\xbf"),
            "{f}"
        );
    }
    // The Meituan file has a title above and a 合计 row below.
    let (_, rows) = fixture("meituan_pos.csv");
    assert_eq!(rows.last().map(|r| r[0].as_str()), Some("合计"));
}

#[test]
fn presets_are_consistent() {
    let mut ids = HashSet::new();
    for p in presets() {
        assert!(ids.insert(p.id), "duplicate id {}", p.id);
        assert!(!p.source.is_empty() && !p.name_en.is_empty() && !p.name_zh.is_empty());
        let mut roles = HashSet::new();
        for (r, names) in p.roles {
            assert!(roles.insert(*r), "{}: {r:?} twice", p.id);
            assert!(!names.is_empty());
        }
        // Presets satisfy the required roles by construction.
        assert!(roles.contains(&Role::Date), "{}", p.id);
        assert!(roles.contains(&Role::Net) || roles.contains(&Role::Gross));
        if p.level == Level::Line {
            assert!(roles.contains(&Role::ReceiptId), "{}", p.id);
        }
    }
    assert!(!preset("meituan_pos").verified && !preset("keruyun_pos").verified);
    assert!(preset("square_items").verified);
}

#[test]
fn presets_survive_common_header_variations() {
    // Square items, older 33-column variant (no Commission, Employee), lower case.
    let (headers, _) = fixture("square_items.csv");
    let old: Vec<String> = headers
        .iter()
        .filter(|h| *h != "Commission" && *h != "Employee")
        .map(|h| h.to_lowercase())
        .collect();
    assert_eq!(detect_preset(&old).map(|p| p.id), Some("square_items"));
    // Youzan with a half-width (分摊) and stray spaces.
    let (headers, _) = fixture("youzan_goods.csv");
    let half: Vec<String> = headers
        .iter()
        .map(|h| format!(" {} ", h.replace('（', "(").replace('）', ")")))
        .collect();
    let p = propose(&half, &[]);
    assert_eq!(p.preset.as_deref(), Some("youzan_goods"));
    assert!(p.mapping.column(Role::Discount).is_some());
    // Youzan as analysts' scripts read it: 买家手机号 and 买家付款时间.
    let h = strings(&[
        "订单号",
        "买家手机号",
        "商品名称",
        "商品数量",
        "买家付款时间",
        "商品实际成交金额",
    ]);
    let p = propose(&h, &[]);
    assert_eq!(p.preset.as_deref(), Some("youzan_goods"));
    assert_eq!(p.mapping.column(Role::CustomerPhone), Some(1));
    assert_eq!(p.mapping.column(Role::Date), Some(4));
    // Loyverse receipts by item, short variant with "Item name".
    let h = strings(&[
        "Date",
        "Receipt number",
        "Receipt type",
        "Item name",
        "SKU",
        "Category",
        "Quantity",
        "Gross sales",
        "Discounts",
        "Net sales",
    ]);
    let p = propose(&h, &[]);
    assert_eq!(p.preset.as_deref(), Some("loyverse_items"));
    assert_eq!(p.mapping.column(Role::Item), Some(3));
    // Not every header with a date and an amount is a preset.
    assert!(detect_preset(&strings(&["Date", "Net sales"])).is_none());
}

#[test]
fn generic_mapping_agrees_with_the_chinese_presets() {
    for file in ["meituan_pos.csv", "keruyun_pos.csv", "youzan_goods.csv"] {
        let (headers, rows) = fixture(file);
        let mut generic = vec![None; headers.len()];
        assign_from_headers(&headers, &mut generic);
        assign_from_values(&rows, &mut generic);
        let p = propose(&headers, &rows);
        for (role, col) in &p.mapping.columns {
            assert_eq!(
                generic[*col].as_ref().map(|(r, _)| *r),
                Some(*role),
                "{file}: column {:?}",
                headers[*col]
            );
        }
    }
}

#[test]
fn date_order_falls_back_to_the_vendor_only_when_the_shape_fits() {
    let sumup = strings(&[
        "Datum",
        "Typ",
        "Transaktionsnummer",
        "Menge",
        "Beschreibung",
        "Preis (brutto)",
    ]);
    let rows = vec![strings(&[
        "01.03.2023, 10:00",
        "Verkauf",
        "T1",
        "1",
        "Kaffee",
        "4.00",
    ])];
    let p = propose(&sumup, &rows);
    assert_eq!(p.mapping.date_order, Some(DateOrder::Dmy));
    assert!(!p.ambiguous_dates);
    // A re-saved Square file with only ambiguous dates must be asked about.
    let (headers, _) = fixture("square_transactions.csv");
    let mut row = vec![String::new(); headers.len()];
    row[0] = "1/5/2019".into();
    let p = propose(&headers, &[row]);
    assert_eq!(p.mapping.date_order, None);
    assert!(p.ambiguous_dates);
    // No samples: the vendor's order.
    let p = propose(&sumup, &[]);
    assert_eq!(p.mapping.date_order, Some(DateOrder::Dmy));
}

// ------------------------------------------------------------ generic header

#[test]
fn generic_chinese_variants() {
    check(
        "订单号|开单时间|菜品名称|销售数量|单价|订单金额|优惠金额|实付金额|退款金额|会员手机号|支付方式|订单状态",
        "receipt_id|date|item|quantity|unit_price|gross|discount|net|refund_amount|customer_phone|-|status",
    );
    check(
        "单据号|结账时间|商品名称|数量|销售金额|折扣金额|实收金额|会员号|手机号|状态",
        "receipt_id|date|item|quantity|gross|discount|net|member_card|customer_phone|status",
    );
    check(
        "流水号|交易时间|品名|销量|应收金额|优惠|实收|会员卡号|电话",
        "receipt_id|date|item|quantity|gross|discount|net|member_card|customer_phone",
    );
    check(
        "小票号|日期|时间|商品|数量|金额",
        "receipt_id|date|time|item|quantity|net",
    );
    check(
        "账单号|下单时间|菜品名称|销售数量|实收金额(元)|会员手机号码",
        "receipt_id|date|item|quantity|net|customer_phone",
    );
    check(
        "订单编号|买家付款时间|商品名称|商品数量|商品实际成交金额|买家手机号|商品已退款金额",
        "receipt_id|date|item|quantity|net|customer_phone|refund_amount",
    );
    check(
        "订单号|交易成功时间|商品名称|商品单价|商品数量|商品金额小计|店铺优惠(分摊)|商品实付金额|收货人手机号",
        "receipt_id|date|item|unit_price|quantity|gross|discount|net|customer_phone",
    );
    check(
        "单号|点单时间|菜品|份数|原价|折扣|实收|会员卡",
        "receipt_id|date|item|quantity|gross|discount|net|member_card",
    );
    check(
        "订单号|原订单号|退款时间|退款金额|下单时间|实收金额",
        "receipt_id|original_receipt|refund_date|refund_amount|date|net",
    );
    check(
        "会员编号|会员姓名|会员卡号|会员手机号|日期|实收",
        "customer_id|customer_name|member_card|customer_phone|date|net",
    );
    check(
        "顾客编号|客户名称|联系电话|销售日期|单据编号|成交金额",
        "customer_id|customer_name|customer_phone|date|receipt_id|net",
    );
    check(
        "营业日期|单据编号|菜品名|销量|账单金额|实收|会员电话",
        "date|receipt_id|item|quantity|gross|net|customer_phone",
    );
    check("单号|类型|日期|金额", "receipt_id|refund_flag|date|net");
    check("订单号|商品类型|商品名称", "receipt_id|-|item");
    check("实收金额|实付金额|日期", "net|-|date");
    check("卡号|会员卡号", "-|member_card");
    check(
        "订单号 |下单时间|菜品名称（规格）|实收金额（元）|ＱＴＹ",
        "receipt_id|date|item|net|quantity",
    );
    check(
        "单据号|商品分类|商品名称|税额|商品实付金额|支付时间",
        "receipt_id|category|item|tax|net|date",
    );
    check("外部订单号|订单号|付款时间|实付", "-|receipt_id|date|net");
}

#[test]
fn generic_english_and_european_variants() {
    check(
        "Date|Time|Receipt No|Item name|Quantity|Unit price|Discount|Total|Customer phone",
        "date|time|receipt_id|item|quantity|unit_price|discount|net|customer_phone",
    );
    check("Date|Time|Transaction|Item", "date|time|receipt_id|item");
    check(
        "date|datetime|cash_type|card|money|coffee_name",
        "-|date|-|customer_id|net|item",
    );
    check(
        "|date|time|ticket_number|article|Quantity|unit_price",
        "-|date|time|receipt_id|item|quantity|unit_price",
    );
    check(
        "Location|Order Id|Order #|Sent Date|Order Date|Check Id|Server|Table|Dining Area|Service|Dining Option|Item Selection Id|Item Id|Master Id|SKU|PLU|Menu Item|Menu Subgroup(s)|Menu Group|Menu|Sales Category|Gross Price|Discount|Net Price|Qty|Tax|Void?|Deferred|Tax Exempt|Tax Inclusion Option|Dining Option Tax|Tab Name",
        "-|receipt_id|-|-|date|-|-|-|-|-|-|-|-|-|-|-|item|-|category|-|-|gross|discount|net|quantity|tax|status|-|-|-|-|-",
    );
    check(
        "Time|Register Name/Number|Cashier Name|Operation Type|Store Code|UPC|Line Item|Department|Category|Supplier|Supplier Code|Cost|Price|Quantity|Modifiers|Subtotal|Discounts|Net Total|Tax|Total Due|Transaction ID|Customer ID",
        "time|-|-|refund_flag|-|-|item|-|category|-|-|-|unit_price|quantity|-|gross|discount|net|tax|-|receipt_id|customer_id",
    );
    check(
        "Datum|Transaktions-ID|Transaktionsart|Status|Beschreibung|Betrag inkl. MwSt.|Trinkgeldbetrag|Gebühr|Netto",
        "date|receipt_id|refund_flag|status|item|net|-|-|-",
    );
    check(
        "Date|N° de ticket|Article|Quantité|Prix unitaire|Remise|Montant|Téléphone",
        "date|receipt_id|item|quantity|unit_price|discount|net|customer_phone",
    );
    check(
        "Fecha|Número de ticket|Producto|Cantidad|Precio|Descuento|Importe|Teléfono|Cliente",
        "date|receipt_id|item|quantity|unit_price|discount|net|customer_phone|customer_name",
    );
    check(
        "Datum|Uhrzeit|Bon-Nr|Artikel|Menge|Preis|Rabatt|Betrag|MwSt|Kunde",
        "date|time|receipt_id|item|quantity|unit_price|discount|net|tax|customer_name",
    );
    check(
        "Data|Ora|Articolo|Quantità|Prezzo|Sconto|Importo",
        "date|time|item|quantity|unit_price|discount|net",
    );
    check("RECEIPT NUMBER|net sales|DATE", "receipt_id|net|date");
    check(
        "Name|Email|Created at|Lineitem quantity|Lineitem name|Lineitem price|Subtotal|Total|Billing Phone",
        "receipt_id|-|date|quantity|item|unit_price|gross|net|customer_phone",
    );
    check("Order ID|Date|Discount Code|Total", "receipt_id|date|-|net");
    check("Customer Reference ID|Customer ID", "-|customer_id");
    check("Payment ID|Transaction ID", "-|receipt_id");
    check(
        "Date|Receipt|Amount|Phone",
        "date|receipt_id|net|customer_phone",
    );
    check(
        "Order Date|Order Number|Product Name|Net Sales (USD)|Refund Date|Refunds|Original Receipt",
        "date|receipt_id|item|net|refund_date|refund_amount|original_receipt",
    );
    check(
        "Date|Beleg|Artikel|Anzahl|Brutto|Steuer|Kundennummer",
        "date|receipt_id|item|quantity|gross|tax|customer_id",
    );
    check(
        "Date|Ticket|Produit|Quantité|Prix|Total|Client|Statut",
        "date|receipt_id|item|quantity|unit_price|net|customer_name|status",
    );
    check(
        "Date|Receipt number|Receipt type|Net sales|Customer name|Customer contacts",
        "date|receipt_id|refund_flag|net|customer_name|customer_phone",
    );
}

#[test]
fn header_guesses_say_how_they_were_made() {
    let p = propose(&split("日期|会员手机号|实收"), &[]);
    assert!(p.columns.iter().all(|c| c.by == Some(GuessBy::Header)));
    assert_eq!(p.columns[1].header, "会员手机号");
    assert!(p.mapping.tax_included);
}

// ------------------------------------------------------------ values

#[test]
fn phones_are_sniffed_from_values() {
    let headers = split("日期|单号|联系方式|实收");
    let rows: Vec<Vec<String>> = [
        "13812345678",
        "+86 139 1234 5678",
        "0086-159-0000-1111",
        "8613600001234",
        "",
        "=\"18612345678\"",
    ]
    .iter()
    .map(|p| strings(&["2026-03-05", "A1", p, "10.00"]))
    .collect();
    let p = propose(&headers, &rows);
    assert_eq!(p.mapping.column(Role::CustomerPhone), Some(2));
    assert_eq!(p.columns[2].by, Some(GuessBy::Values));

    // 4 of 5 is enough; 3 of 5 is not; masked phones and landlines are not phones.
    let with = |cells: &[&str]| -> Option<usize> {
        let rows: Vec<Vec<String>> = cells
            .iter()
            .map(|p| strings(&["2026-03-05", "A1", p, "10.00"]))
            .collect();
        propose(&headers, &rows).mapping.column(Role::CustomerPhone)
    };
    assert_eq!(
        with(&[
            "13812345678",
            "13912345678",
            "15012345678",
            "18812345678",
            "guest"
        ]),
        Some(2)
    );
    assert_eq!(
        with(&[
            "13812345678",
            "13912345678",
            "15012345678",
            "guest",
            "walk-in"
        ]),
        None
    );
    assert_eq!(with(&["138****5678", "139****1234"]), None);
    assert_eq!(with(&["12812345678", "02112345678"]), None);
    assert_eq!(with(&["1381234567"]), None);
}

#[test]
fn dates_and_times_are_sniffed_from_values_but_money_never() {
    let headers = split("A|B|C|D");
    let rows: Vec<Vec<String>> = [
        ["2026/03/05 14:23", "14:23", "12.50", "X1"],
        ["2026/03/06 09:01", "9:01", "8.00", "X2"],
        ["2026/03/06 10:15", "10:15:00", "1,234.50", "X3"],
    ]
    .iter()
    .map(|r| strings(r))
    .collect();
    let p = propose(&headers, &rows);
    assert_eq!(p.mapping.column(Role::Date), Some(0));
    assert_eq!(p.mapping.column(Role::Time), Some(1));
    assert_eq!(p.columns[0].by, Some(GuessBy::Values));
    assert_eq!(
        p.columns[2].role, None,
        "money is never guessed from values"
    );
    assert_eq!(p.mapping.level, Level::Receipt);
    assert!(p.missing.contains(&Role::Net));
    assert_eq!(p.mapping.date_order, Some(DateOrder::Ymd));

    // A header date wins over a column that merely looks like dates.
    let headers = split("日期|备注日期值|实收");
    let rows = vec![strings(&["2026-03-05", "2026-03-01", "1"])];
    let p = propose(&headers, &rows);
    assert_eq!(p.mapping.column(Role::Date), Some(0));

    // Various date shapes.
    for d in [
        "2026-03-05",
        "2026/3/5 14:23",
        "05.03.2026, 12:32",
        "3/5/26 2:23 PM",
        "2026年3月5日",
        "2026-03-05T14:23:11",
        "31/12/2025 14:05",
    ] {
        assert!(looks_like_date(d), "{d}");
    }
    for d in [
        "12.50",
        "1,234.50",
        "A-1-2",
        "2026-13-05",
        "45384.3478",
        "13/13/2026",
        "",
    ] {
        assert!(!looks_like_date(d), "{d}");
    }
    for t in ["14:23", "9:01", "14:23:11", "2:23 PM", "14:23:11.520"] {
        assert!(looks_like_time(t), "{t}");
    }
    for t in ["24:00", "14", "2026-03-05 14:23", "14:3"] {
        assert!(!looks_like_time(t), "{t}");
    }
}

#[test]
fn a_time_column_holding_timestamps_is_the_date() {
    let headers = split("时间|单号|金额");
    let rows = vec![
        strings(&["2026-03-05 14:23:11", "1", "10"]),
        strings(&["2026-03-05 15:00:00", "2", "12"]),
    ];
    let p = propose(&headers, &rows);
    assert_eq!(p.mapping.column(Role::Date), Some(0));
    assert_eq!(p.mapping.column(Role::Time), None);
    assert!(p.missing.is_empty());
}

#[test]
fn level_follows_items_and_repeated_receipts() {
    let receipts = split("Date|Receipt number|Net sales");
    let unique = vec![
        strings(&["2026-03-05", "1", "1"]),
        strings(&["2026-03-05", "2", "1"]),
    ];
    let repeated = vec![
        strings(&["2026-03-05", "1", "1"]),
        strings(&["2026-03-05", "1", "1"]),
    ];
    assert_eq!(propose(&receipts, &unique).mapping.level, Level::Receipt);
    assert_eq!(propose(&receipts, &repeated).mapping.level, Level::Line);
    assert_eq!(
        propose(&split("日期|单号|商品名称|实收"), &[])
            .mapping
            .level,
        Level::Line
    );
}

#[test]
fn ambiguous_dates_and_decimal_comma_are_reported() {
    let headers = split("date|ticket_number|article|unit_price");
    let rows = vec![
        strings(&["03/05/2026", "150040.0", "BAGUETTE", "0,90 €"]),
        strings(&["04/05/2026", "150041.0", "CROISSANT", "1,10 €"]),
    ];
    let p = propose(&headers, &rows);
    assert!(p.ambiguous_dates);
    assert_eq!(p.mapping.date_order, None);
    assert_eq!(p.mapping.decimal, DecimalStyle::Comma);
    assert_eq!(
        p.missing,
        Vec::<Role>::new(),
        "unit prices are money enough"
    );

    let rows = vec![strings(&["13/05/2026", "1", "BAGUETTE", "0,90 €"])];
    let p = propose(&headers, &rows);
    assert_eq!(p.mapping.date_order, Some(DateOrder::Dmy));
    assert!(!p.ambiguous_dates);
}

// ------------------------------------------------------------ required roles

#[test]
fn missing_roles_are_reported() {
    let p = propose(&split("日期|商品名称|数量"), &[]);
    assert_eq!(p.missing, vec![Role::ReceiptId, Role::Net]);
    let p = propose(&split("商品名称|数量|单号"), &[]);
    assert_eq!(p.missing, vec![Role::Date, Role::Net]);
    let p = propose(&split("Date|Gross sales"), &[]);
    assert_eq!(p.missing, Vec::<Role>::new(), "gross alone is an amount");
    let p = propose(&split("Date|Receipt number|Unit price|Qty"), &[]);
    assert_eq!(
        p.missing,
        Vec::<Role>::new(),
        "price × quantity is an amount"
    );
    let p = propose(&[], &[]);
    assert_eq!(p.missing, vec![Role::Date, Role::Net]);

    let mapping = Mapping {
        columns: vec![(Role::Date, 0), (Role::Net, 1)],
        level: Level::Receipt,
        decimal: DecimalStyle::Point,
        date_order: Some(DateOrder::Ymd),
        tax_included: true,
        statuses: Vec::new(),
        money_on_first_row: false,
    };
    assert!(required_roles(&mapping).is_empty());
    let line = Mapping {
        level: Level::Line,
        ..mapping.clone()
    };
    assert_eq!(required_roles(&line), vec![Role::ReceiptId]);
    assert_eq!(mapping.column(Role::Net), Some(1));
    assert_eq!(mapping.column(Role::Tax), None);
}

// ------------------------------------------------------------ small functions

#[test]
fn known_headers() {
    for h in [
        "订单号",
        " Net Sales ",
        "店铺优惠（分摊）",
        "店铺优惠(分摊)",
        "Lineitem name",
        "Transaktionsnummer",
        "Preis (brutto)",
        "实收金额（元）",
        "时间",
        "\u{feff}Date",
        "Customer contacts",
        "Void?",
    ] {
        assert!(is_known_header(h), "{h}");
    }
    for h in [
        "美团收银-订单明细报表",
        "门店：麦香烘焙（人民路店）",
        "统计时间：2026-03-05 至 2026-03-06",
        "",
        "   ",
        "合计",
        "2026-03-05",
        "Time Zone",
    ] {
        assert!(!is_known_header(h), "{h}");
    }
}

#[test]
fn kinds_are_classified() {
    use LineKind::*;
    let cases: &[(&str, &str, Option<LineKind>)] = &[
        ("Event Type", "Refund", Some(Refund)),
        ("Event Type", "Payment", Some(Sale)),
        ("Receipt type", "Sale", Some(Sale)),
        ("Receipt type", "Refund", Some(Refund)),
        ("Status", "Closed", Some(Sale)),
        ("Status", "Cancelled", Some(Void)),
        ("Status", "canceled", Some(Void)),
        ("Typ", "Verkauf", Some(Sale)),
        ("Typ", "Rückerstattung", Some(Refund)),
        ("Typ", "Refund", Some(Refund)),
        ("类型", "退款", Some(Refund)),
        ("类型", "退货", Some(Refund)),
        ("单据类型", "退单", Some(Refund)),
        ("订单状态", "已完成", Some(Sale)),
        ("订单状态", "已支付", Some(Sale)),
        ("订单状态", "已退款", Some(Refund)),
        ("订单状态", "部分退款", Some(Sale)),
        ("订单状态", "已取消", Some(Void)),
        ("订单状态", "作废", Some(Void)),
        ("订单状态", "撤销", Some(Void)),
        ("订单状态", "未完成", None),
        ("订单状态", "待支付", None),
        ("订单商品状态", "交易成功", Some(Sale)),
        ("Financial Status", "paid", Some(Sale)),
        ("Financial Status", "refunded", Some(Refund)),
        ("Financial Status", "partially_refunded", Some(Sale)),
        ("Financial Status", "voided", Some(Void)),
        ("Financial Status", "pending", None),
        ("Status", "Completed", Some(Sale)),
        ("Void?", "true", Some(Void)),
        ("Void?", "false", Some(Sale)),
        ("是否作废", "是", Some(Void)),
        ("是否作废", "否", Some(Sale)),
        ("Status", "true", None),
        ("Status", "", None),
        ("Status", "Open", None),
        ("Transaktionsart", "Umsatz", Some(Sale)),
        ("Status", " VOID ", Some(Void)),
        ("Status", "unpaid", None),
    ];
    for (header, value, kind) in cases {
        assert_eq!(classify_kind(header, value), *kind, "{header}: {value}");
    }
}

#[test]
fn header_signature_is_stable() {
    let a = split("Date|Receipt number|Net sales");
    let b = split(" date |RECEIPT  NUMBER|net_sales");
    let c = split("Receipt number|Date|Net sales");
    let d = split("Date|Receipt number|Net sales||");
    let e = split("Date|Receipt number|Net sales|Tax");
    let sig = header_signature(&a);
    assert_eq!(sig.len(), 16);
    assert!(sig.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(sig, header_signature(&b), "case and spaces do not matter");
    assert_eq!(
        sig,
        header_signature(&d),
        "trailing empty cells do not matter"
    );
    assert_ne!(sig, header_signature(&c), "order matters");
    assert_ne!(sig, header_signature(&e));
    assert_eq!(
        header_signature(&strings(&["店铺优惠（分摊）"])),
        header_signature(&strings(&["店铺优惠(分摊)"]))
    );
    // Pinned: a change here forgets every mapping owners have confirmed.
    assert_eq!(sig, PINNED_SIGNATURE);
}

const PINNED_SIGNATURE: &str = "c1d503c23dc09f1b";

#[test]
fn labels_and_serde() {
    let mut zh = HashSet::new();
    let mut en = HashSet::new();
    for r in Role::ALL {
        assert!(zh.insert(r.label(Lang::Zh)), "{r:?}");
        assert!(en.insert(r.label(Lang::En)), "{r:?}");
    }
    assert_eq!(Role::Net.label(Lang::Zh), "实收金额");
    assert_eq!(Role::Net.label(Lang::En), "Net sales");
    assert_eq!(
        serde_json::to_string(&Role::ReceiptId).unwrap(),
        "\"receipt_id\""
    );
    assert_eq!(
        serde_json::to_string(&Level::Receipt).unwrap(),
        "\"receipt\""
    );
    assert_eq!(
        serde_json::to_string(&GuessBy::Values).unwrap(),
        "\"values\""
    );
    let (headers, rows) = fixture("keruyun_pos.csv");
    let p = propose(&headers, &rows);
    let json = serde_json::to_string(&p.mapping).unwrap();
    assert!(json.contains("\"date_order\":\"ymd\""), "{json}");
    let back: Mapping = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p.mapping);
    let json = serde_json::to_string(&p).unwrap();
    assert!(json.contains("\"ambiguous_dates\":false"));
}

#[test]
fn every_role_is_listed_once_in_declaration_order() {
    // The parser indexes a table by `role as usize`.
    for (i, role) in Role::ALL.iter().enumerate() {
        assert_eq!(*role as usize, i, "{role:?}");
    }
}

#[test]
fn summary_reports_are_known_by_their_headers() {
    let h = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    let loyverse = h(&[
        "Date",
        "Gross sales",
        "Refunds",
        "Discounts",
        "Net sales",
        "Cost of goods",
        "Gross profit",
        "Margin",
        "Taxes",
    ]);
    assert!(summary_report(&loyverse).is_some_and(|s| s.instead_en.contains("Receipts")));
    let shares = h(&["Item", "Qty", "% of Ttl Qty"]);
    assert!(summary_report(&shares).is_some());
    let receipts = h(&[
        "Date",
        "Receipt number",
        "Receipt type",
        "Gross sales",
        "Discounts",
        "Net sales",
    ]);
    assert!(summary_report(&receipts).is_none(), "a list of receipts");
}

#[test]
fn an_imports_source_is_named_in_the_owners_language() {
    assert_eq!(source_name("square_items", Lang::Zh), "Square 商品明细");
    assert_eq!(
        source_name("square_items", Lang::En),
        "Square — Items detail"
    );
    assert_eq!(source_name("custom", Lang::Zh), "自定义格式");
    assert_eq!(source_name("custom", Lang::En), "Your own layout");
}
