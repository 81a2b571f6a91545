//! The words of a layout: the roles a column can play, the two row levels, what a row is, and a
//! preset's shape. Below the layout logic and the preset tables, which both use them.

use crate::i18n::Lang;
use crate::import::values::DateOrder;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a column means for the sales figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Date,
    Time,
    ReceiptId,
    Item,
    Category,
    Quantity,
    UnitPrice,
    Gross,
    Discount,
    Net,
    Tax,
    /// Sale vs refund: Event Type, Receipt type, Typ, 类型.
    RefundFlag,
    /// Closed / cancelled / void: Status, Void?, 订单状态.
    Status,
    RefundAmount,
    RefundDate,
    OriginalReceipt,
    CustomerPhone,
    CustomerId,
    MemberCard,
    CustomerName,
    /// An order's total as charged (Shopify's `Total`): beside its subtotal and shipping, it
    /// tells whether the prices included the tax.
    OrderTotal,
    /// What an order charged for shipping, which is no sale.
    Shipping,
}

impl Role {
    pub const ALL: [Role; 22] = [
        Role::Date,
        Role::Time,
        Role::ReceiptId,
        Role::Item,
        Role::Category,
        Role::Quantity,
        Role::UnitPrice,
        Role::Gross,
        Role::Discount,
        Role::Net,
        Role::Tax,
        Role::RefundFlag,
        Role::Status,
        Role::RefundAmount,
        Role::RefundDate,
        Role::OriginalReceipt,
        Role::CustomerPhone,
        Role::CustomerId,
        Role::MemberCard,
        Role::CustomerName,
        Role::OrderTotal,
        Role::Shipping,
    ];

    /// The role's name as the mapping screen shows it.
    pub fn label(self, lang: Lang) -> String {
        let (zh, en) = match self {
            Role::Date => ("日期", "Date"),
            Role::Time => ("时间", "Time"),
            Role::ReceiptId => ("单号", "Receipt number"),
            Role::Item => ("商品", "Item"),
            Role::Category => ("分类", "Category"),
            Role::Quantity => ("数量", "Quantity"),
            Role::UnitPrice => ("单价", "Unit price"),
            Role::Gross => ("销售金额（优惠前）", "Gross sales"),
            Role::Discount => ("优惠金额", "Discount"),
            Role::Net => ("实收金额", "Net sales"),
            Role::Tax => ("税额", "Tax"),
            Role::RefundFlag => ("销售/退款类型", "Sale or refund"),
            Role::Status => ("订单状态", "Status"),
            Role::RefundAmount => ("退款金额", "Refunded amount"),
            Role::RefundDate => ("退款时间", "Refund date"),
            Role::OriginalReceipt => ("原单号", "Original receipt"),
            Role::CustomerPhone => ("顾客手机号", "Customer phone"),
            Role::CustomerId => ("顾客编号", "Customer ID"),
            Role::MemberCard => ("会员卡号", "Member card"),
            Role::CustomerName => ("顾客姓名", "Customer name"),
            Role::OrderTotal => ("订单总额（含运费）", "Order total"),
            Role::Shipping => ("运费", "Shipping"),
        };
        lang.pick(zh, en)
    }
}

/// One row per line item or one row per receipt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Level {
    Line,
    Receipt,
}

/// What a row is, read from its refund-flag or status cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum LineKind {
    Sale,
    Refund,
    Void,
}

/// A known export layout.
#[derive(Debug)]
pub struct Preset {
    pub id: &'static str,
    pub name_en: &'static str,
    pub name_zh: &'static str,
    /// The public source of the header (see `tests/fixtures/pos/SOURCES.md`).
    pub source: &'static str,
    /// False for layouts built from vocabulary only, never seen in a real file.
    pub verified: bool,
    /// Headers that must all be present.
    pub signature: &'static [&'static str],
    /// Accepted header names per role, in order of preference.
    pub roles: &'static [(Role, &'static [&'static str])],
    pub level: Level,
    pub tax_included: bool,
    /// An order's money is on its first row only (`Mapping::money_on_first_row`).
    pub money_on_first_row: bool,
    /// The order the vendor writes dates in, used when the samples cannot tell.
    pub date_order: Option<DateOrder>,
}

/// A report that adds sales up (a day's totals, a product mix) instead of listing receipts:
/// imported, each of its rows would become a receipt. Known by its headers; refused, naming the
/// export to use instead.
#[derive(Debug)]
pub struct Summary {
    pub name_en: &'static str,
    pub name_zh: &'static str,
    /// Headers that must all be present.
    pub signature: &'static [&'static str],
    /// The export of the same POS that lists receipts.
    pub instead_en: &'static str,
    pub instead_zh: &'static str,
}
