//! `regulars demo`, `settings`, `backup` and `restore`: the shop itself.

use super::common::{CliResult, shop_settings};
use crate::demo;
use crate::i18n::Lang;
use crate::settings;
use crate::settings::Settings;
use crate::settings::datadir::DataDir;
use crate::shop::{Shop, ShopKind, forget, instance};
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

/// A copy of the shop at `out`, or (none) an automatic copy into `backups/`.
pub(super) fn backup(shop: &Shop, out: Option<&Path>, lang: Lang) -> CliResult {
    let made = match out {
        Some(out) => {
            store::save_copy(&shop.dir, &shop.conn, out)?;
            Some(out.to_path_buf())
        }
        None => {
            let now = shop_settings(shop)?.local_now(Utc::now());
            store::auto_backup(&shop.dir, now, chrono::Duration::zero())?
        }
    };
    let said = match made {
        Some(path) => lang.pick(
            format!("已备份到 {}", path.display()),
            format!("Backed up to {}", path.display()),
        ),
        None => lang.pick(
            "这一刻已经有一份自动备份。".to_string(),
            "There is an automatic copy of this moment already.".to_string(),
        ),
    };
    println!("{said}");
    Ok(())
}

/// Changes the settings given (none: prints them as they are), then prints them as JSON.
pub(super) fn settings(mut shop: Shop, patch: settings::Patch, lang: Lang) -> CliResult {
    let mut s = shop_settings(&shop)?;
    if patch.apply(&mut s, lang)? {
        let changed = shop.change_settings(&s)?;
        for notice in &changed.notices {
            eprintln!("{notice}");
        }
        s = changed.settings;
    }
    println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
    Ok(())
}

/// Puts the copy `file` in place of the shop in `dir` without opening the current file (it may
/// be the reason for the restore: damaged, not ours, newer), then opens the restored shop to
/// bring it up to date. Refused while the window has the shop open.
pub(super) fn restore(dir: &DataDir, file: &Path, defaults: &Settings, lang: Lang) -> CliResult {
    let _window_closed = instance::Lock::take(dir)?;
    let now = defaults.local_now(Utc::now());
    let done = forget::restore(dir, file, now)?;
    Shop::open(dir.clone(), ShopKind::Owner, defaults.clone(), Utc::now())?;
    println!("{}", done.describe(lang));
    Ok(())
}
