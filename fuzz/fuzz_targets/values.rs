//! Any string through every value parser, in every style and order.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regulars_lib::import::values::{
    DateOrder, DecimalStyle, decide_date_order, decide_decimal_style, parse_date_time,
    parse_money, parse_quantity, parse_time,
};

fuzz_target!(|data: &[u8]| {
    let (minor, text) = match data.split_first() {
        Some((first, rest)) => (*first, String::from_utf8_lossy(rest)),
        None => (2, String::from_utf8_lossy(data)),
    };
    let cells: Vec<&str> = text.split('\n').collect();
    for cell in &cells {
        for style in [DecimalStyle::Point, DecimalStyle::Comma] {
            let _ = parse_money(cell, style, minor);
            let _ = parse_quantity(cell, style);
        }
        for order in [DateOrder::Ymd, DateOrder::Dmy, DateOrder::Mdy] {
            let _ = parse_date_time(cell, order);
        }
        let _ = parse_time(cell);
    }
    let _ = decide_decimal_style(cells.iter().copied());
    let _ = decide_date_order(cells.iter().copied());
});
