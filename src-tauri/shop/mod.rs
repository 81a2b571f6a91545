//! One open shop: its folder, its connection and what kind it is. The window
//! and the CLI both hold one of these; the window swaps it when the owner
//! moves between their own shop and the demo.

pub mod forget;
pub mod imports;
pub mod instance;
pub mod settings_change;

use crate::i18n::{ErrorCode, Failure, Lang, UserError};
use crate::import::batches;
use crate::people::members;
use crate::sales::rollups;
use crate::settings::datadir::DataDir;
use crate::settings::{self, Settings, SettingsError};
use crate::store::{self, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ShopKind {
    Owner,
    Demo,
}

/// What the window needs to know about the open shop to choose its screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShopInfo {
    pub kind: ShopKind,
    pub settings: Settings,
    /// The owner's shop has never been used (no members, no sales, never started): show the
    /// welcome screen.
    pub first_run: bool,
    #[ts(type = "number")]
    pub member_count: i64,
    pub data_dir: String,
    /// The folder cannot be written: every screen says so, and every change is refused.
    pub read_only: bool,
    pub today: NaiveDate,
    /// How money is written in this shop: symbol and digits after the point.
    pub currency_symbol: String,
    pub currency_digits: u8,
    /// What opening the shop did that the owner should know (`Shop::opened`).
    pub opened: Option<String>,
}

/// What saving the settings answers the window: the shop as it is then, and what the change
/// did to the sales kept so far (`settings_change`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SettingsSaved {
    pub info: ShopInfo,
    pub notices: Vec<String>,
}

const STARTED_FLAG: &str = "started";

pub struct Shop {
    pub kind: ShopKind,
    pub dir: DataDir,
    pub conn: Connection,
    /// The folder cannot be written (a read-only disk or folder): the shop is open for reading
    /// only, every write refused (`ReadOnlyShop`).
    pub read_only: bool,
    defaults: Settings,
    /// What opening the shop did that the owner should know (customers' phones read again by
    /// this build's rules, numbers of two members left apart), once, in the shop's language.
    pub opened: Option<String>,
    /// The temporary copy a read-only shop reads, if it needed one; dropped after `conn`.
    _copy: Option<tempfile::TempDir>,
}

/// What every write in a read-only shop answers.
#[derive(Debug, thiserror::Error)]
#[error("the shop in {0} is open read-only")]
pub struct ReadOnlyShop(pub std::path::PathBuf);

impl ReadOnlyShop {
    /// `error`, or for a failure that is not about the owner's input (a write the store
    /// refused, a file that could not be written) the read-only message.
    pub fn explain(&self, error: Failure) -> Failure {
        let own_input = matches!(
            error.error().code(),
            ErrorCode::Invalid | ErrorCode::NotFound | ErrorCode::Conflict
        );
        if own_input {
            error
        } else {
            ReadOnlyShop(self.0.clone()).into()
        }
    }
}

impl UserError for ReadOnlyShop {
    fn code(&self) -> ErrorCode {
        ErrorCode::ReadOnly
    }

    fn message(&self, lang: Lang) -> String {
        lang.pick(
            format!("店铺以只读方式打开（{} 不能写入，例如只读的磁盘或文件夹）：不能修改，什么都没有改动。把店铺文件夹放到可写的位置后再试。", self.0.display()),
            format!("The shop is open read-only ({} cannot be written to, such as a read-only disk or folder): nothing can be changed, and nothing was. Move the shop's folder somewhere writable to make changes.", self.0.display()),
        )
    }
}

impl Shop {
    /// Opens (creating or upgrading) the shop in `dir`. No copy is made here: the window takes
    /// its automatic copies on a worker after it is up (`store::auto_backup`), and the CLI copies
    /// only when asked — so a failing copy (a full disk) never stops the shop from opening.
    pub fn open(
        dir: DataDir,
        kind: ShopKind,
        defaults: Settings,
        utc_now: DateTime<Utc>,
    ) -> Result<Shop, StoreError> {
        if !store::is_writable(dir.root(), &dir.db_path()) && dir.db_path().exists() {
            let read = store::open_read_only(&dir.db_path())?;
            return Ok(Shop {
                kind,
                dir,
                conn: read.conn,
                read_only: true,
                defaults,
                opened: None,
                _copy: read.copy,
            });
        }
        let conn = store::open(
            &dir.db_path(),
            &dir.backups_dir(),
            defaults.local_now(utc_now),
        )?;
        let mut shop = Shop {
            kind,
            dir,
            conn,
            read_only: false,
            defaults,
            opened: None,
            _copy: None,
        };
        // Customers an older build kept as raw numbers are read by this build's phone rules.
        // A failure leaves it for the next open.
        shop.opened = shop.reread_once().ok().flatten();
        // Rejects files hold rows of customers' data: kept 30 days, then gone. A failure here
        // (a file in use) only postpones it to the next open.
        let _ = batches::expire_rejects(&shop.conn, &shop.dir.rejects_dir(), utc_now.into());
        Ok(shop)
    }

    pub fn settings(&self) -> Result<Settings, SettingsError> {
        settings::load(&self.conn, &self.defaults)
    }

    fn settings_or_defaults(&self) -> Settings {
        self.settings().unwrap_or_else(|_| self.defaults.clone())
    }

    /// What explains a failed command in this shop when it is read-only.
    pub fn read_only_guard(&self) -> Option<ReadOnlyShop> {
        self.read_only
            .then(|| ReadOnlyShop(self.dir.root().to_path_buf()))
    }

    /// The language the owner reads messages in.
    pub fn lang(&self) -> Lang {
        self.settings_or_defaults().language
    }

    /// The owner chose to start their own shop: no more welcome screen.
    pub fn mark_started(&self) -> Result<(), SettingsError> {
        settings::set_value(&self.conn, STARTED_FLAG, "1")
    }

    pub fn info(&self, utc_now: DateTime<Utc>) -> Result<ShopInfo, SettingsError> {
        let settings = self.settings()?;
        let member_count =
            members::count(&self.conn).map_err(|e| SettingsError::Sqlite(e.to_string()))?;
        let started = settings::get_value(&self.conn, STARTED_FLAG)?.is_some();
        // Sales imported (from the CLI, say) make a shop in use, members or not.
        let has_sales = rollups::sales_coverage(&self.conn)
            .map_err(|e| SettingsError::Sqlite(e.to_string()))?
            .is_some();
        Ok(ShopInfo {
            kind: self.kind,
            first_run: self.kind == ShopKind::Owner && member_count == 0 && !started && !has_sales,
            member_count,
            data_dir: self.dir.root().display().to_string(),
            read_only: self.read_only,
            today: settings.today(utc_now),
            currency_symbol: settings.money().symbol.to_string(),
            currency_digits: settings.money().minor_digits,
            opened: self.opened.clone(),
            settings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc() -> DateTime<Utc> {
        "2026-03-11T04:00:00Z".parse().expect("instant")
    }

    #[test]
    fn a_new_owner_shop_is_a_first_run_until_started() {
        let tmp = tempfile::tempdir().expect("tmp");
        let defaults = Settings::defaults("zh-CN", "Asia/Shanghai");
        let shop =
            Shop::open(DataDir::new(tmp.path()), ShopKind::Owner, defaults, utc()).expect("open");
        assert!(shop.info(utc()).expect("info").first_run);
        shop.mark_started().expect("start");
        assert!(!shop.info(utc()).expect("info").first_run);
        assert!(
            !tmp.path().join("backups").exists(),
            "no copy on open: the window takes it later, on a worker"
        );
    }

    /// Sales imported outside the window (the CLI), no members yet: the window opens on the
    /// dashboard, not on the welcome screen offering to import them again.
    #[test]
    fn a_shop_with_imported_sales_and_no_members_is_not_a_first_run() {
        let tmp = tempfile::tempdir().expect("tmp");
        let defaults = Settings::defaults("en-US", "Asia/Shanghai");
        let mut shop =
            Shop::open(DataDir::new(tmp.path()), ShopKind::Owner, defaults, utc()).expect("open");
        assert!(shop.info(utc()).expect("info").first_run);
        let settings = shop.settings().expect("settings");
        let rejects = tmp.path().join("rejects");
        let ctx = crate::settings::ctx::Ctx::for_shop(&settings, utc());
        let fixture = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/pos/first-two-weeks.csv"
        );
        let req = crate::sales::engine::ImportRequest {
            path: fixture.into(),
            auto_map: true,
            ..Default::default()
        };
        crate::sales::engine::import(&mut shop.conn, &req, &ctx, &rejects, false, &mut |_, _| {
            true
        })
        .expect("import");
        let info = shop.info(utc()).expect("info");
        assert_eq!(info.member_count, 0);
        assert!(!info.first_run, "a shop with sales is in use");
    }
}
