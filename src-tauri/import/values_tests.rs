use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn t(h: u32, m: u32, s: u32, ms: u32) -> NaiveTime {
    NaiveTime::from_hms_milli_opt(h, m, s, ms).unwrap()
}

#[track_caller]
fn money(input: &str, style: DecimalStyle, minor: u8, expect: Result<i64, &str>) {
    let got = parse_money(input, style, minor);
    match (got, expect) {
        (Ok(v), Ok(e)) => assert_eq!(v, e, "{input:?}"),
        (Err(err), Err(kind)) => assert!(
            format!("{err:?}").starts_with(kind),
            "{input:?}: expected {kind}, got {err:?}"
        ),
        (got, expect) => panic!("{input:?}: got {got:?}, expected {expect:?}"),
    }
}

#[test]
fn money_formats() {
    use DecimalStyle::{Comma as C, Point as P};
    for (input, style, minor, expect) in [
        ("12", P, 2, Ok(1200)),
        ("12.5", P, 2, Ok(1250)),
        ("12.50", P, 2, Ok(1250)),
        ("1,234.50", P, 2, Ok(123_450)),
        ("1.234,50", C, 2, Ok(123_450)),
        ("1 234,50", C, 2, Ok(123_450)),
        ("1\u{a0}234,50", C, 2, Ok(123_450)),
        ("1\u{202f}234,50", C, 2, Ok(123_450)),
        ("1 234.50", P, 2, Ok(123_450)),
        ("1,234,567.89", P, 2, Ok(123_456_789)),
        ("1.234.567,89", C, 2, Ok(123_456_789)),
        ("¥1,234.50", P, 2, Ok(123_450)),
        ("￥1,234.50", P, 2, Ok(123_450)),
        ("$1,149.00 ", P, 2, Ok(114_900)),
        (" $1,149.00 ", P, 2, Ok(114_900)),
        ("€ 3,50", C, 2, Ok(350)),
        ("0,90 €", C, 2, Ok(90)),
        ("£7.25", P, 2, Ok(725)),
        ("RMB 88.00", P, 2, Ok(8800)),
        ("CNY88", P, 2, Ok(8800)),
        ("88.00 CNY", P, 2, Ok(8800)),
        ("usd 5", P, 2, Ok(500)),
        ("EUR 1.234,50", C, 2, Ok(123_450)),
        ("12.50元", P, 2, Ok(1250)),
        ("12.50 元", P, 2, Ok(1250)),
        ("HK$38.0", P, 2, Ok(3800)),
        ("(12.00)", P, 2, Ok(-1200)),
        ("($33.62)", P, 2, Ok(-3362)),
        ("$(33.62)", P, 2, Ok(-3362)),
        ("12.00-", P, 2, Ok(-1200)),
        ("-$2.34", P, 2, Ok(-234)),
        ("$-2.34", P, 2, Ok(-234)),
        ("−2.34", P, 2, Ok(-234)),
        ("-0.5", P, 2, Ok(-50)),
        ("+3", P, 2, Ok(300)),
        (".5", P, 2, Ok(50)),
        ("1.005", P, 2, Ok(101)),
        ("1.004", P, 2, Ok(100)),
        ("-1.005", P, 2, Ok(-101)),
        ("2.345", P, 2, Ok(235)),
        ("0.125", P, 2, Ok(13)),
        ("1234", P, 0, Ok(1234)),
        ("1,234", P, 0, Ok(1234)),
        ("1234.5", P, 0, Ok(1235)),
        ("₩1,500", P, 0, Ok(1500)),
        ("10000000000.00", P, 2, Ok(1_000_000_000_000)),
        ("10000000000.01", P, 2, Err("OutOfRange")),
        ("99999999999999999999999", P, 2, Err("OutOfRange")),
        ("1.38123E+10", P, 2, Err("Scientific")),
        ("1e12", P, 2, Err("Scientific")),
        ("", P, 2, Err("Empty")),
        ("  ", P, 2, Err("Empty")),
        ("abc", P, 2, Err("NotMoney")),
        ("$", P, 2, Err("NotMoney")),
        ("-", P, 2, Err("NotMoney")),
        ("()", P, 2, Err("NotMoney")),
        ("--5", P, 2, Err("NotMoney")),
        ("(-5)", P, 2, Err("NotMoney")),
        ("-5-", P, 2, Err("NotMoney")),
        ("1,5", P, 2, Err("NotMoney")),
        ("12.5", C, 2, Err("NotMoney")),
        ("1,23,456.00", P, 2, Err("NotMoney")),
        ("1234,567.00", P, 2, Err("NotMoney")),
        ("1.2.3", P, 2, Err("NotMoney")),
        ("12 apples", P, 2, Err("NotMoney")),
        ("NaN", P, 2, Err("NotMoney")),
        ("inf", P, 2, Err("NotMoney")),
        ("0x10", P, 2, Err("NotMoney")),
        ("1,2345.00", P, 2, Err("NotMoney")),
        ("1, 234.00", P, 2, Err("NotMoney")),
    ] {
        money(input, style, minor, expect);
    }
}

#[test]
fn quantities() {
    use DecimalStyle::{Comma as C, Point as P};
    for (input, style, expect) in [
        ("2", P, Ok(2000)),
        ("1.5", P, Ok(1500)),
        ("-1.0", P, Ok(-1000)),
        ("2.0", P, Ok(2000)),
        ("0.333", P, Ok(333)),
        ("0.3335", P, Ok(334)),
        ("1,5", C, Ok(1500)),
        ("1,000", P, Ok(1_000_000)),
        ("1000000", P, Ok(1_000_000_000)),
        ("1000000.001", P, Err("OutOfRange")),
        ("1000000000000", P, Err("OutOfRange")),
        ("1e12", P, Err("Scientific")),
        ("1.38123E+10", P, Err("Scientific")),
        ("$2", P, Err("NotQuantity")),
        ("two", P, Err("NotQuantity")),
        ("", P, Err("Empty")),
    ] {
        let got = parse_quantity(input, style);
        match (got, expect) {
            (Ok(v), Ok(e)) => assert_eq!(v, e, "{input:?}"),
            (Err(err), Err(kind)) => {
                assert!(format!("{err:?}").starts_with(kind), "{input:?}: {err:?}")
            }
            (got, expect) => panic!("{input:?}: got {got:?}, expected {expect:?}"),
        }
    }
}

#[test]
fn decimal_style_from_samples() {
    use DecimalStyle::{Comma, Point};
    for (samples, expect) in [
        (&["1.234,50"][..], Comma),
        (&["3,50"], Comma),
        (&["0,90 €", "12,00 €"], Comma),
        (&["1 234,50"], Comma),
        (&["1.234.567"], Comma),
        (&["1,234.50"], Point),
        (&["12.5"], Point),
        (&["$1,149.00 ", "($33.62)"], Point),
        (&["1,234,567"], Point),
        (&["1,234"], Point),
        (&["1.234"], Point),
        (&["12", "15"], Point),
        (&[], Point),
        (&["1,234", "3,50"], Comma),
    ] {
        assert_eq!(
            decide_decimal_style(samples.iter().copied()),
            expect,
            "{samples:?}"
        );
    }
}

#[test]
fn date_order_from_samples() {
    use DateOrder::*;
    for (samples, expect) in [
        (&["2026-03-05", "2026-03-06"][..], Some(Ymd)),
        (&["05/03/2026", "13/03/2026"], Some(Dmy)),
        (&["03/05/2026", "03/13/2026"], Some(Mdy)),
        (&["3/5/26 2:23 PM", "12/27/2018"], Some(Mdy)),
        (&["24.03.2023, 12:32"], Some(Dmy)),
        (&["30-10-2016"], Some(Dmy)),
        (&["03/05/2026", "04/06/2026"], None),
        (&["13/03/2026", "03/13/2026"], None),
        (&["2026年3月5日"], Some(Ymd)),
        (&["2026-03-05", "05/03/2026"], None),
        (&["2026-03-05", "25/03/2026"], Some(Dmy)),
        (&["45384.34789351852"], Some(Ymd)),
        (&[], Some(Ymd)),
        (&["not a date", ""], Some(Ymd)),
    ] {
        assert_eq!(
            decide_date_order(samples.iter().copied()),
            expect,
            "{samples:?}"
        );
    }
}

#[track_caller]
fn date(input: &str, order: DateOrder, expect: Result<(NaiveDate, Option<NaiveTime>), &str>) {
    match (parse_date_time(input, order), expect) {
        (Ok(v), Ok(e)) => assert_eq!(v, e, "{input:?}"),
        (Err(err), Err(kind)) => assert!(
            format!("{err:?}").starts_with(kind),
            "{input:?}: expected {kind}, got {err:?}"
        ),
        (got, expect) => panic!("{input:?}: got {got:?}, expected {expect:?}"),
    }
}

#[test]
fn date_formats() {
    use DateOrder::*;
    let day = d(2026, 3, 5);
    for (input, order, expect) in [
        ("2026-03-05", Ymd, Ok((day, None))),
        ("2026-03-05", Dmy, Ok((day, None))),
        (
            "2026-03-05 14:23:11",
            Ymd,
            Ok((day, Some(t(14, 23, 11, 0)))),
        ),
        (
            "2026-03-05T14:23:11",
            Ymd,
            Ok((day, Some(t(14, 23, 11, 0)))),
        ),
        (
            "2026-03-05T14:23:11Z",
            Ymd,
            Ok((day, Some(t(14, 23, 11, 0)))),
        ),
        (
            "2026-03-05T14:23:11+08:00",
            Ymd,
            Ok((day, Some(t(14, 23, 11, 0)))),
        ),
        (
            "2026-04-28 13:34:05 -0500",
            Ymd,
            Ok((d(2026, 4, 28), Some(t(13, 34, 5, 0)))),
        ),
        (
            "2026-03-05 14:23:11 UTC",
            Ymd,
            Ok((day, Some(t(14, 23, 11, 0)))),
        ),
        ("2026/3/5 14:23", Ymd, Ok((day, Some(t(14, 23, 0, 0))))),
        (
            "2026/03/05 14:23:11",
            Mdy,
            Ok((day, Some(t(14, 23, 11, 0)))),
        ),
        ("2026.03.05", Ymd, Ok((day, None))),
        ("05/03/2026", Dmy, Ok((day, None))),
        ("03/05/2026", Mdy, Ok((day, None))),
        ("5/3/2026", Dmy, Ok((day, None))),
        ("3/5/26 2:23 PM", Mdy, Ok((day, Some(t(14, 23, 0, 0))))),
        ("3/5/26 12:05 AM", Mdy, Ok((day, Some(t(0, 5, 0, 0))))),
        ("3/5/26 12:05 PM", Mdy, Ok((day, Some(t(12, 5, 0, 0))))),
        ("12/27/2018", Mdy, Ok((d(2018, 12, 27), None))),
        (
            "24.03.2023, 12:32",
            Dmy,
            Ok((d(2023, 3, 24), Some(t(12, 32, 0, 0)))),
        ),
        (
            "24.03.2023 12:32",
            Dmy,
            Ok((d(2023, 3, 24), Some(t(12, 32, 0, 0)))),
        ),
        ("30-10-2016", Dmy, Ok((d(2016, 10, 30), None))),
        (
            "11/07/2019 15:35",
            Dmy,
            Ok((d(2019, 7, 11), Some(t(15, 35, 0, 0)))),
        ),
        ("26/03/05", Ymd, Ok((day, None))),
        ("05/03/26", Dmy, Ok((day, None))),
        ("25/03/2026", Ymd, Ok((d(2026, 3, 25), None))),
        ("05/03/2026", Ymd, Err("NotDate")),
        ("2026年3月5日", Ymd, Ok((day, None))),
        ("2026年03月05日", Dmy, Ok((day, None))),
        ("2026年3月5日 14:23", Ymd, Ok((day, Some(t(14, 23, 0, 0))))),
        ("2026年3月5日14:23", Ymd, Ok((day, Some(t(14, 23, 0, 0))))),
        (
            "2026年3月5日 下午2:23",
            Ymd,
            Ok((day, Some(t(14, 23, 0, 0)))),
        ),
        (
            "2024-03-01 10:15:50.520",
            Ymd,
            Ok((d(2024, 3, 1), Some(t(10, 15, 50, 520)))),
        ),
        (
            "45384.34789351852",
            Dmy,
            Ok((d(2024, 4, 2), Some(t(8, 20, 58, 0)))),
        ),
        ("45292", Ymd, Ok((d(2024, 1, 1), None))),
        ("45384", Ymd, Ok((d(2024, 4, 2), None))),
        ("45384.5", Ymd, Ok((d(2024, 4, 2), Some(t(12, 0, 0, 0))))),
        ("25569", Ymd, Err("OutOfRange")),
        ("19999", Ymd, Err("NotDate")),
        ("80001", Ymd, Err("NotDate")),
        ("13812345678", Ymd, Err("NotDate")),
        ("1.38123E+10", Ymd, Err("Scientific")),
        ("1900-01-01", Ymd, Err("OutOfRange")),
        ("2200-01-01", Ymd, Err("OutOfRange")),
        ("01/01/1900", Dmy, Err("OutOfRange")),
        ("1989-12-31", Ymd, Err("OutOfRange")),
        ("2100-12-31", Ymd, Ok((d(2100, 12, 31), None))),
        ("2026-02-30", Ymd, Err("NotDate")),
        ("2026-13-01", Ymd, Err("NotDate")),
        ("2026-03-05 25:00", Ymd, Err("NotDate")),
        ("2026-03-05 14:23 tomorrow", Ymd, Err("NotDate")),
        ("2026-03", Ymd, Err("NotDate")),
        ("2026/03-05", Ymd, Err("NotDate")),
        ("2026-3-5-1", Ymd, Err("NotDate")),
        ("5/3/226", Dmy, Err("NotDate")),
        ("yesterday", Ymd, Err("NotDate")),
        ("", Ymd, Err("Empty")),
        ("年月日", Ymd, Err("NotDate")),
        ("3月5日", Ymd, Err("NotDate")),
    ] {
        date(input, order, expect);
    }
}

#[test]
fn time_formats() {
    for (input, expect) in [
        ("14:23", Some(t(14, 23, 0, 0))),
        ("14:23:11", Some(t(14, 23, 11, 0))),
        ("9:05", Some(t(9, 5, 0, 0))),
        ("2:23 PM", Some(t(14, 23, 0, 0))),
        ("2:23pm", Some(t(14, 23, 0, 0))),
        ("2:23 p.m.", Some(t(14, 23, 0, 0))),
        ("12:00 AM", Some(t(0, 0, 0, 0))),
        ("12:00 PM", Some(t(12, 0, 0, 0))),
        ("11:59:59 PM", Some(t(23, 59, 59, 0))),
        ("下午2:23", Some(t(14, 23, 0, 0))),
        ("上午9:05", Some(t(9, 5, 0, 0))),
        ("晚上 8:30", Some(t(20, 30, 0, 0))),
        ("中午12:30", Some(t(12, 30, 0, 0))),
        ("中午1:00", Some(t(13, 0, 0, 0))),
        ("2:23下午", Some(t(14, 23, 0, 0))),
        ("14:23:11.520", Some(t(14, 23, 11, 520))),
        ("10:15:50.5", Some(t(10, 15, 50, 500))),
        ("0.599", Some(t(14, 22, 33, 600))),
        ("0", Some(t(0, 0, 0, 0))),
        ("0.5", Some(t(12, 0, 0, 0))),
        ("0.99999999999", Some(t(23, 59, 59, 999))),
        ("1.5", None),
        ("24:00", None),
        ("14:60", None),
        ("14:23:60", None),
        ("13:00 PM", None),
        ("0:30 AM", Some(t(0, 30, 0, 0))),
        ("14", None),
        ("14:2", None),
        ("15:50.5", None),
        ("14:23:11.", None),
        ("14:23 later", None),
        ("", None),
        ("noon", None),
    ] {
        let got = parse_time(input).ok();
        assert_eq!(got, expect, "{input:?}");
    }
}

#[test]
fn errors_say_what_was_expected_in_both_languages() {
    let e = parse_money("abc", DecimalStyle::Point, 2).unwrap_err();
    assert_eq!(e.expected(Lang::Zh), "金额，例如 12.50 或 ￥1,234.50");
    assert_eq!(e.expected(Lang::En), "an amount such as 12.50 or ¥1,234.50");
    assert!(e.message(Lang::En).contains("“abc”"));
    let long = "9".repeat(500);
    let e = parse_date_time(&long, DateOrder::Ymd).unwrap_err();
    assert!(e.text().chars().count() <= TEXT_KEEP + 1);
    for e in [
        parse_money("1e5", DecimalStyle::Point, 2).unwrap_err(),
        parse_quantity("1000000000000", DecimalStyle::Point).unwrap_err(),
        parse_date_time("2200-01-01", DateOrder::Ymd).unwrap_err(),
        parse_time("x").unwrap_err(),
        parse_time("").unwrap_err(),
    ] {
        for lang in [Lang::Zh, Lang::En] {
            assert!(!e.expected(lang).is_empty());
            assert!(!e.message(lang).is_empty());
        }
    }
}

/// Writes `cents` the way some export would.
fn format_money(
    cents: i64,
    style: DecimalStyle,
    grouped: bool,
    symbol: usize,
    neg: usize,
) -> String {
    let (dec, group) = match style {
        DecimalStyle::Point => ('.', ','),
        DecimalStyle::Comma => (',', '.'),
    };
    let abs = cents.unsigned_abs();
    let int = (abs / 100).to_string();
    let mut int_text = String::new();
    for (i, c) in int.chars().enumerate() {
        if grouped && i > 0 && (int.len() - i).is_multiple_of(3) {
            int_text.push(group);
        }
        int_text.push(c);
    }
    let number = format!("{int_text}{dec}{:02}", abs % 100);
    let with_symbol = match symbol {
        0 => number,
        1 => format!("¥{number}"),
        2 => format!("${number} "),
        3 => format!("{number} €"),
        4 => format!("RMB {number}"),
        _ => format!("{number}元"),
    };
    if cents >= 0 {
        return with_symbol;
    }
    match neg {
        0 => format!("-{with_symbol}"),
        1 => format!("({with_symbol})"),
        2 => format!("{with_symbol}-"),
        _ => format!("\u{2212}{with_symbol}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parse_money_never_panics(s in "\\PC{0,40}", minor in 0u8..=8) {
        let _ = parse_money(&s, DecimalStyle::Point, minor);
        let _ = parse_money(&s, DecimalStyle::Comma, minor);
        let _ = parse_quantity(&s, DecimalStyle::Point);
    }

    #[test]
    fn the_plain_fast_path_agrees_with_the_general_parser(
        int in 0u64..1_000_000_000_000u64, frac in "[0-9]{0,5}", scale in 0u32..=4, comma in any::<bool>()
    ) {
        let (style, sep) = if comma { (DecimalStyle::Comma, ",") } else { (DecimalStyle::Point, ".") };
        let text = if frac.is_empty() { int.to_string() } else { format!("{int}{sep}{frac}") };
        // The general parser, reached by a leading space the fast path refuses.
        let general = parse_scaled(&format!(" {text}"), style, scale, true, MONEY_MAX_MINOR);
        prop_assert_eq!(parse_scaled(&text, style, scale, true, MONEY_MAX_MINOR), general, "{}", text);
    }

    #[test]
    fn parse_money_never_panics_on_number_like(s in "[-+()$¥.,0-9 eE元]{0,30}") {
        let _ = parse_money(&s, DecimalStyle::Point, 2);
        let _ = parse_money(&s, DecimalStyle::Comma, 3);
        let _ = parse_quantity(&s, DecimalStyle::Comma);
    }

    #[test]
    fn money_round_trips(
        cents in -MONEY_MAX_MINOR..=MONEY_MAX_MINOR,
        comma in any::<bool>(),
        grouped in any::<bool>(),
        symbol in 0usize..6,
        neg in 0usize..4,
    ) {
        let style = if comma { DecimalStyle::Comma } else { DecimalStyle::Point };
        let text = format_money(cents, style, grouped, symbol, neg);
        prop_assert_eq!(parse_money(&text, style, 2), Ok(cents), "{}", text);
        prop_assert_eq!(decide_decimal_style([text.as_str()]), style, "{}", text);
    }

    #[test]
    fn parse_date_time_never_panics(s in "\\PC{0,40}") {
        for order in [DateOrder::Ymd, DateOrder::Dmy, DateOrder::Mdy] {
            let _ = parse_date_time(&s, order);
        }
        let _ = parse_time(&s);
        let _ = decide_date_order([s.as_str()]);
    }

    #[test]
    fn parse_date_time_never_panics_on_date_like(s in "[0-9/.:年月日 TZ+-]{0,30}(AM|PM|上午|下午)?") {
        for order in [DateOrder::Ymd, DateOrder::Dmy, DateOrder::Mdy] {
            let _ = parse_date_time(&s, order);
        }
        let _ = parse_time(&s);
    }

    #[test]
    fn iso_dates_round_trip(days in 0i64..40_000, secs in 0u32..86_400) {
        let date = d(1990, 1, 1) + Duration::days(days);
        prop_assume!(date.year() <= YEAR_MAX);
        let time = NaiveTime::from_num_seconds_from_midnight_opt(secs, 0).unwrap();
        let text = format!("{date} {time}");
        prop_assert_eq!(parse_date_time(&text, DateOrder::Dmy), Ok((date, Some(time))));
        let us = format!("{}/{}/{}", date.month(), date.day(), date.year());
        prop_assert_eq!(parse_date_time(&us, DateOrder::Mdy), Ok((date, None)));
    }
}

#[test]
fn compact_dates_and_null_words() {
    assert_eq!(
        parse_date_time("20260305", DateOrder::Dmy).expect("date").0,
        NaiveDate::from_ymd_opt(2026, 3, 5).expect("day")
    );
    assert!(
        parse_date_time("20261305", DateOrder::Ymd).is_err(),
        "month 13"
    );
    assert!(
        parse_date_time("18991231", DateOrder::Ymd).is_err(),
        "out of range"
    );
    for null in ["NA", "N/A", "n/a", "#N/A", "null", "NULL"] {
        assert!(is_null_word(null), "{null}");
    }
    for value in ["Na", "None", "0", "", "nan"] {
        assert!(!is_null_word(value), "{value}");
    }
}

#[test]
fn a_month_and_day_without_a_year() {
    for (text, want) in [
        ("03-12", Some((3, 12))),
        ("3-2", Some((3, 2))),
        ("--12-31", Some((12, 31))),
        ("3月12日", Some((3, 12))),
        ("12月1号", Some((12, 1))),
        ("02-29", Some((2, 29))),
        ("02-30", None),
        ("13-01", None),
        ("2026-03-12", None),
        ("3月", None),
        ("", None),
        ("a-b", None),
    ] {
        assert_eq!(parse_month_day(text, DateOrder::Ymd), want, "{text:?}");
    }
    // A list whose dates are day first writes its month-days day first too; ISO's stays.
    assert_eq!(parse_month_day("25-12", DateOrder::Dmy), Some((12, 25)));
    assert_eq!(parse_month_day("03-12", DateOrder::Dmy), Some((12, 3)));
    assert_eq!(parse_month_day("--03-12", DateOrder::Dmy), Some((3, 12)));
}
