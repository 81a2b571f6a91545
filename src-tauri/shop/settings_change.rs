//! Changing the settings of a shop that already holds sales: what each change means for the
//! sales and the customers kept so far, decided in one transaction with the change.
//! - A currency with other digits after the point would read every stored amount (minor
//!   units) wrong: refused, with the way out (undo the imports, change, import again).
//! - A new phone region reads the customers kept as raw numbers again: those that are phones
//!   of the new region become phones, and one already known by that phone is combined with it
//!   (its receipts and rollups move); two members who would share a phone are left for the
//!   owner to fix, never merged.
//! - A new time zone applies to the imports from now on, and says so.

use super::Shop;
use crate::i18n::Lang;
use crate::people::forgotten::Tombstones;
use crate::people::{identities, members};
use crate::sales::{self, rollups};
use crate::settings::{self, Settings, SettingsError};
use rusqlite::Connection;
use std::collections::HashMap;

/// The settings as saved, and what the change did to the sales kept so far, in the owner's
/// language (nothing when there were none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsChanged {
    pub settings: Settings,
    pub notices: Vec<String>,
}

impl Shop {
    /// Saves `new` in place of the shop's settings, with what the change implies (see above).
    pub fn change_settings(&mut self, new: &Settings) -> Result<SettingsChanged, SettingsError> {
        let old = self.settings()?;
        let sql = |e: rusqlite::Error| SettingsError::Sqlite(e.to_string());
        let has_sales = rollups::sales_coverage(&self.conn).map_err(sql)?.is_some();
        let code = new.currency.trim().to_ascii_uppercase();
        let new_currency = settings::currency(&code).map(|c| c.minor_digits);
        if has_sales && new_currency.is_some_and(|d| d != old.money().minor_digits) {
            return Err(SettingsError::DigitsWithSales {
                from: old.currency.clone(),
                to: code,
            });
        }
        let tx = self.conn.transaction()?;
        let saved = settings::save_in(&tx, new)?;
        let lang = saved.language;
        let mut notices = Vec::new();
        if saved.phone_region != old.phone_region {
            notices.extend(reread_customers(&tx, &saved.phone_region, lang).map_err(sql)?);
        }
        if has_sales && saved.time_zone != old.time_zone {
            notices.push(lang.pick(
                format!(
                    "新的时区 {} 用于今后的导入；已导入的销售保留原来的日期。",
                    saved.time_zone
                ),
                format!(
                    "The new time zone {} applies to the imports from now on; the sales imported so far keep their days.",
                    saved.time_zone
                ),
            ));
        }
        tx.commit()?;
        Ok(SettingsChanged {
            settings: saved,
            notices,
        })
    }
}

/// The phone rules of this build: bumped when the normaliser reads more numbers as phones
/// (2: possible numbers of a range the metadata lags), so that a shop opened by it reads its raw
/// customers again once (`Shop::reread_once`).
const PHONE_RULES: &str = "2";
const PHONE_RULES_KEY: &str = "phone_rules";

impl Shop {
    /// Reads the raw customers again under the shop's region when they were kept by older phone
    /// rules, in one transaction, once: a schema step that needs the normaliser, not SQL.
    /// Returns what it did, for the owner (`Shop::opened`); a failure leaves it for the next
    /// open.
    pub(super) fn reread_once(&mut self) -> Result<Option<String>, SettingsError> {
        if settings::get_value(&self.conn, PHONE_RULES_KEY)?.as_deref() == Some(PHONE_RULES) {
            return Ok(None);
        }
        let current = self.settings()?;
        // Immediate: the CLI may open the shop while the window writes beside it.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let notice = reread_customers(&tx, &current.phone_region, current.language)
            .map_err(|e| SettingsError::Sqlite(e.to_string()))?;
        settings::set_value(&tx, PHONE_RULES_KEY, PHONE_RULES)?;
        tx.commit()?;
        let lang = current.language;
        Ok(notice.map(|n| {
            lang.pick(
                "这个版本能识别更多手机号：",
                "This version reads more phone numbers: ",
            ) + &n
        }))
    }
}

/// Reads every raw customer again under `region` (`identities::reread_raw`: linked to the
/// member of their phone, a forgotten person's left alone), combines those whose phone is already
/// a customer's (`sales::combine_customers`), and says what it did.
fn reread_customers(tx: &Connection, region: &str, lang: Lang) -> rusqlite::Result<Option<String>> {
    let mut phones = HashMap::new();
    members::each_phone(tx, |phone, id| {
        phones.insert(phone, id);
    })?;
    let tombstones = Tombstones::load(tx)?;
    let forgets =
        |kind: &str, value: &str| tombstones.as_ref().is_some_and(|t| t.forgets(kind, value));
    let reread = identities::reread_raw(tx, region, |e164| phones.get(e164).copied(), forgets)?;
    sales::combine_customers(tx, &reread.combined)?;
    Ok(reread_notice(&reread, region, lang))
}

fn reread_notice(r: &identities::Reread, region: &str, lang: Lang) -> Option<String> {
    let read = r.read + r.combined.len();
    if read == 0 && r.conflicts.is_empty() {
        return None;
    }
    let mut text = lang.pick(
        format!("按 {region} 的号码重新识别了 {read} 位顾客的手机号"),
        format!("{read} customers' phones were read again as {region} numbers"),
    );
    if !r.combined.is_empty() {
        text += &lang.pick(
            format!("，其中 {} 位与已有顾客是同一人，已合并", r.combined.len()),
            format!(
                ", {} of them the same person as a customer already known, combined",
                r.combined.len()
            ),
        );
    }
    if !r.conflicts.is_empty() {
        text += &lang.pick(
            format!(
                "；{} 个号码分属两位不同的会员，没有合并，请在会员里核对",
                r.conflicts.len()
            ),
            format!(
                "; {} numbers belong to two different members and were not combined: check them in Members",
                r.conflicts.len()
            ),
        );
    }
    text += &lang.pick("。", ".");
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sales::engine::{self, ImportRequest};
    use crate::settings::ctx::Ctx;
    use crate::settings::datadir::DataDir;
    use crate::shop::ShopKind;
    use chrono::{DateTime, Utc};

    fn utc() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-11T09:00:00Z")
            .expect("instant")
            .with_timezone(&Utc)
    }

    /// A shop set up on an American machine that imported `csv` (date, receipt, net, phone).
    fn shop_with(tmp: &tempfile::TempDir, csv: &str) -> Shop {
        let defaults = Settings::defaults("en-US", "America/New_York");
        let mut shop = Shop::open(
            DataDir::new(tmp.path().join("data")),
            ShopKind::Owner,
            defaults,
            utc(),
        )
        .expect("open");
        let mut settings = shop.settings().expect("settings");
        settings.shop_name = "Bakery".into();
        settings::save(&mut shop.conn, &settings).expect("name");
        let path = tmp.path().join("sales.csv");
        std::fs::write(&path, csv).expect("write");
        let settings = shop.settings().expect("settings");
        let req = ImportRequest {
            path: path.display().to_string(),
            auto_map: true,
            ..Default::default()
        };
        let ctx = Ctx::for_shop(&settings, utc());
        engine::import(
            &mut shop.conn,
            &req,
            &ctx,
            &tmp.path().join("rejects"),
            false,
            &mut |_, _| true,
        )
        .expect("import");
        shop
    }

    fn identities(shop: &Shop) -> Vec<(String, String, i64)> {
        let mut stmt = shop
            .conn
            .prepare(
                "SELECT i.kind, i.value, (SELECT count(*) FROM receipts r WHERE r.identity_id = i.id)
                 FROM identities i ORDER BY i.value",
            )
            .expect("sql");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows")
            .map(|r| r.expect("row"))
            .collect()
    }

    fn member(name: &str, phone: &str, ctx: Ctx) -> crate::people::members::MemberInput {
        crate::people::members::MemberInput {
            name: name.into(),
            phone: phone.into(),
            wechat_name: String::new(),
            birthday: None,
            joined_on: ctx.today,
            source: crate::people::members::MemberSource::InStore,
            tags: Vec::new(),
            notes: String::new(),
            marketing_consent: false,
        }
    }

    const CSV: &str = "date,receipt,net,phone\n\
        2026-03-02,A1,12.00,13812345678\n\
        2026-03-03,A2,8.00,+86 138 1234 5678\n\
        2026-03-04,A3,5.00,13987654321\n";

    #[test]
    fn a_new_phone_region_reads_raw_numbers_again_and_combines_one_customer() {
        let tmp = tempfile::tempdir().expect("tmp");
        let mut shop = shop_with(&tmp, CSV);
        assert_eq!(
            identities(&shop),
            [
                ("phone".into(), "+8613812345678".into(), 1),
                ("raw".into(), "13812345678".into(), 1),
                ("raw".into(), "13987654321".into(), 1),
            ],
            "a US shop cannot read Chinese mobiles written without +86"
        );
        let before: i64 = shop
            .conn
            .query_row("SELECT sum(net_minor) FROM sales_by_customer", [], |r| {
                r.get(0)
            })
            .expect("sum");
        // A member added with the number written in full: the raw customer is theirs once read.
        let ctx = Ctx::for_shop(&shop.settings().expect("settings"), utc());
        let member = crate::people::members::add(
            &mut shop.conn,
            &member("Ming", "+86 139 8765 4321", ctx),
            ctx,
        )
        .expect("member");
        let mut new = shop.settings().expect("settings");
        new.phone_region = "CN".into();
        let changed = shop.change_settings(&new).expect("change");
        assert_eq!(changed.settings.phone_region, "CN");
        let linked: Option<i64> = shop
            .conn
            .query_row(
                "SELECT member_id FROM identities WHERE value = '+8613987654321'",
                [],
                |r| r.get(0),
            )
            .expect("identity");
        assert_eq!(
            linked,
            Some(member.id),
            "the customer read again is the member's"
        );
        assert_eq!(
            identities(&shop),
            [
                ("phone".into(), "+8613812345678".into(), 2),
                ("phone".into(), "+8613987654321".into(), 1),
            ]
        );
        let (customers, net): (i64, i64) = shop
            .conn
            .query_row(
                "SELECT count(*), sum(net_minor) FROM sales_by_customer",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("rollup");
        assert_eq!(
            (customers, net),
            (2, before),
            "one customer, not two; nothing lost"
        );
        assert_eq!(changed.notices.len(), 1, "{:?}", changed.notices);
        assert!(changed.notices[0].contains('2') && changed.notices[0].contains("combined"));
    }

    #[test]
    fn two_members_on_one_phone_are_left_for_the_owner() {
        let tmp = tempfile::tempdir().expect("tmp");
        let mut shop = shop_with(&tmp, CSV);
        let ctx = Ctx::for_shop(&shop.settings().expect("settings"), utc());
        for (name, phone) in [("Lily", "+8613812345678"), ("Ming", "13812345678")] {
            let input = member(name, "", ctx);
            let member = crate::people::members::add(&mut shop.conn, &input, ctx).expect("member");
            let id: i64 = shop
                .conn
                .query_row("SELECT id FROM identities WHERE value = ?1", [phone], |r| {
                    r.get(0)
                })
                .expect("identity");
            crate::people::customers::link(&shop.conn, id, member.id).expect("link");
        }
        let mut new = shop.settings().expect("settings");
        new.phone_region = "CN".into();
        let changed = shop.change_settings(&new).expect("change");
        let kinds: Vec<String> = identities(&shop)
            .into_iter()
            .map(|(k, v, _)| format!("{k}:{v}"))
            .collect();
        assert_eq!(
            kinds,
            [
                "phone:+8613812345678",
                "phone:+8613987654321",
                "raw:13812345678"
            ]
        );
        assert!(
            changed.notices[0].contains("two different members"),
            "{:?}",
            changed.notices
        );
    }

    #[test]
    fn a_currency_of_other_digits_is_refused_once_sales_exist_and_a_new_zone_says_what_it_changes()
    {
        let tmp = tempfile::tempdir().expect("tmp");
        let mut shop = shop_with(&tmp, CSV);
        let old = shop.settings().expect("settings");
        let mut new = old.clone();
        new.currency = "jpy".into();
        let err = shop
            .change_settings(&new)
            .expect_err("refused, in any case");
        assert!(matches!(err, SettingsError::DigitsWithSales { .. }));
        assert!(crate::i18n::UserError::message(&err, Lang::En).contains("undo the sales imports"));
        assert_eq!(shop.settings().expect("settings"), old, "nothing changed");
        new.currency = "EUR".into();
        new.time_zone = "Europe/Paris".into();
        let changed = shop.change_settings(&new).expect("two digits, as USD");
        assert_eq!(changed.settings.currency, "EUR");
        assert_eq!(changed.notices.len(), 1);
        assert!(changed.notices[0].contains("from now on"));
    }

    /// A shop whose customers were kept raw by older phone rules (a number of a range the
    /// metadata lags) reads them again once when this build opens it, and says so (the window
    /// shows it until dismissed); the next open has nothing to say.
    #[test]
    fn raw_customers_kept_by_older_rules_are_read_again_once() {
        let tmp = tempfile::tempdir().expect("tmp");
        let open = || {
            let defaults = Settings::defaults("zh-CN", "Asia/Shanghai");
            Shop::open(DataDir::new(tmp.path()), ShopKind::Owner, defaults, utc()).expect("open")
        };
        let shop = open();
        shop.conn
            .execute(
                "INSERT INTO identities(kind, value) VALUES ('raw', '154 1234 5678')",
                [],
            )
            .expect("an older build's raw customer");
        settings::set_value(&shop.conn, PHONE_RULES_KEY, "1").expect("older rules");
        drop(shop);
        let shop = open();
        let kinds: Vec<String> = identities(&shop)
            .into_iter()
            .map(|(k, v, _)| format!("{k}:{v}"))
            .collect();
        assert_eq!(kinds, ["phone:+8615412345678"]);
        let said = shop.info(utc()).expect("info").opened.expect("a notice");
        assert!(said.contains("重新识别了 1 位顾客"), "{said}");
        let rules = settings::get_value(&shop.conn, PHONE_RULES_KEY).expect("key");
        assert_eq!(rules.as_deref(), Some(PHONE_RULES), "once");
        drop(shop);
        assert_eq!(open().opened, None);
    }

    #[test]
    fn a_shop_without_sales_changes_freely() {
        let tmp = tempfile::tempdir().expect("tmp");
        let defaults = Settings::defaults("en-US", "America/New_York");
        let mut shop =
            Shop::open(DataDir::new(tmp.path()), ShopKind::Owner, defaults, utc()).expect("open");
        let mut new = shop.settings().expect("settings");
        new.shop_name = "Bakery".into();
        new.currency = "JPY".into();
        new.time_zone = "Asia/Tokyo".into();
        let changed = shop.change_settings(&new).expect("change");
        assert_eq!(
            (changed.settings.currency.as_str(), changed.notices.len()),
            ("JPY", 0)
        );
    }
}
