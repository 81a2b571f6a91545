//! `regulars demo`, `settings`, `backup` and `restore`: the shop itself.

use super::common::{CliResult, shop_settings};
use crate::demo;
use crate::i18n::{Failure, Lang};
use crate::settings;
use crate::shop::Shop;
use crate::store;
use chrono::{NaiveDate, Utc};
use std::path::Path;

pub(super) fn demo(mut shop: Shop, today: Option<NaiveDate>) -> CliResult {
    let settings = shop_settings(&shop)?;
    let today = today.unwrap_or_else(|| settings.today(Utc::now()));
    let summary = demo::generate(&mut shop.conn, today, &settings, shop.dir.root())?;
    let lang = settings.language;
    println!(
        "{}",
        lang.pick(
            format!(
                "示例店已生成：{} 位会员，{} 至 {}，位于 {}",
                summary.members,
                summary.first_day,
                summary.last_day,
                shop.dir.root().display()
            ),
            format!(
                "Demo shop ready: {} members, {} to {}, in {}",
                summary.members,
                summary.first_day,
                summary.last_day,
                shop.dir.root().display()
            ),
        )
    );
    Ok(())
}

pub(super) fn backup(shop: &Shop, out: &Path, lang: Lang) -> CliResult {
    store::backup_to(&shop.conn, out)
        .map_err(Failure::from)
        .map(|()| {
            println!(
                "{}",
                lang.pick(
                    format!("已备份到 {}", out.display()),
                    format!("Backed up to {}", out.display())
                )
            );
        })
}

/// Changes the settings given (none: prints them as they are), then prints them as JSON.
pub(super) fn settings(mut shop: Shop, patch: settings::Patch, lang: Lang) -> CliResult {
    let mut s = shop_settings(&shop)?;
    if patch.apply(&mut s, lang)? {
        s = settings::save(&mut shop.conn, &s)?;
    }
    println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
    Ok(())
}

pub(super) fn restore(shop: Shop, file: &Path, lang: Lang) -> CliResult {
    let settings = shop_settings(&shop)?;
    let mut shop = shop;
    let backups = shop.dir.backups_dir();
    let aside = store::restore_from(
        &mut shop.conn,
        file,
        &backups,
        settings.local_now(Utc::now()),
    )?;
    println!(
        "{}",
        lang.pick(
            format!(
                "已从 {} 恢复；恢复前的数据保存在 {}",
                file.display(),
                aside.display()
            ),
            format!(
                "Restored from {}; the data before the restore is kept in {}",
                file.display(),
                aside.display()
            ),
        )
    );
    Ok(())
}
