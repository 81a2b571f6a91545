//! What every command group of the CLI shares.

use crate::i18n::Failure;
use crate::settings::Settings;
use crate::shop::Shop;

pub(super) type CliResult = Result<(), Failure>;

pub(super) fn shop_settings(shop: &Shop) -> Result<Settings, Failure> {
    Ok(shop.settings()?)
}
