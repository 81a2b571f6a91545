//! Which column of a POS export plays which role.
//!
//! A known layout (a preset, recognised by its header) maps itself; any
//! other header is mapped by synonyms in Chinese, English and the common
//! European languages, and by looking at the values when the header does not
//! decide (phones, dates, times — never money: an unnamed money column stays
//! unmapped so the file is refused with its missing roles instead of being
//! imported with guessed amounts). The owner confirms the proposal; the
//! confirmed mapping is remembered per `header_signature`.

use crate::i18n::Lang;
use crate::import::values::{DateOrder, DecimalStyle, decide_date_order, decide_decimal_style};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
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
}

impl Role {
    pub const ALL: [Role; 20] = [
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

/// Which column plays which role, and how to read its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Mapping {
    /// Role → 0-based column; each role at most once.
    pub columns: Vec<(Role, usize)>,
    pub level: Level,
    pub decimal: DecimalStyle,
    /// `None`: the dates do not tell day from month; the owner must be asked.
    pub date_order: Option<DateOrder>,
    /// True: gross/net include tax and the tax column is subtracted for net
    /// sales. False: the amounts exclude tax (Square's "Gross Sales").
    pub tax_included: bool,
}

impl Mapping {
    pub fn column(&self, role: Role) -> Option<usize> {
        self.columns
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, c)| *c)
    }
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
    /// The order the vendor writes dates in, used when the samples cannot tell.
    pub date_order: Option<DateOrder>,
}

static PRESETS: [Preset; 9] = [
    Preset {
        id: "square_items",
        name_en: "Square — Items detail",
        name_zh: "Square 商品明细",
        source: "pos-formats.md §1a [A]: repo zoetankersley/sunrise_social_club data/raw/items-*.csv",
        verified: true,
        signature: &[
            "Date",
            "Time",
            "Time Zone",
            "Item",
            "Qty",
            "Gross Sales",
            "Net Sales",
            "Transaction ID",
            "Event Type",
        ],
        roles: &[
            (Role::Date, &["Date"]),
            (Role::Time, &["Time"]),
            (Role::ReceiptId, &["Transaction ID"]),
            (Role::Item, &["Item"]),
            (Role::Category, &["Category"]),
            (Role::Quantity, &["Qty"]),
            (Role::Gross, &["Gross Sales"]),
            (Role::Discount, &["Discounts"]),
            (Role::Net, &["Net Sales"]),
            (Role::Tax, &["Tax"]),
            (Role::RefundFlag, &["Event Type"]),
            (Role::CustomerId, &["Customer ID"]),
            (Role::CustomerName, &["Customer Name"]),
        ],
        level: Level::Line,
        tax_included: false,
        date_order: None,
    },
    Preset {
        id: "square_transactions",
        name_en: "Square — Transactions",
        name_zh: "Square 交易记录",
        source: "pos-formats.md §1b [A, Excel re-save]: repo rwslippey/square_transaction_parser square_example.csv",
        verified: true,
        signature: &[
            "Date",
            "Time",
            "Time Zone",
            "Gross Sales",
            "Net Sales",
            "Total Collected",
            "Transaction ID",
            "Event Type",
        ],
        roles: &[
            (Role::Date, &["Date"]),
            (Role::Time, &["Time"]),
            (Role::ReceiptId, &["Transaction ID"]),
            (Role::Gross, &["Gross Sales"]),
            (Role::Discount, &["Discounts"]),
            (Role::Net, &["Net Sales"]),
            (Role::Tax, &["Tax"]),
            (Role::RefundAmount, &["Partial Refunds"]),
            (Role::RefundFlag, &["Event Type"]),
            (Role::Status, &["Transaction Status"]),
            (Role::CustomerId, &["Customer ID"]),
            (Role::CustomerName, &["Customer Name"]),
        ],
        level: Level::Receipt,
        tax_included: false,
        date_order: None,
    },
    Preset {
        id: "loyverse_receipts",
        name_en: "Loyverse — Receipts",
        name_zh: "Loyverse 收据",
        source: "pos-formats.md §2a [B]: code index ids 58629059637, 62193286257, 70439884707",
        verified: true,
        signature: &[
            "Date",
            "Receipt number",
            "Receipt type",
            "Net sales",
            "Total collected",
            "Status",
        ],
        roles: &[
            (Role::Date, &["Date"]),
            (Role::ReceiptId, &["Receipt number"]),
            (Role::RefundFlag, &["Receipt type"]),
            (Role::Gross, &["Gross sales"]),
            (Role::Discount, &["Discounts"]),
            (Role::Net, &["Net sales"]),
            (Role::Tax, &["Taxes"]),
            (Role::Status, &["Status"]),
            (Role::CustomerName, &["Customer name"]),
            (Role::CustomerPhone, &["Customer contacts"]),
        ],
        level: Level::Receipt,
        tax_included: false,
        date_order: None,
    },
    Preset {
        id: "loyverse_items",
        name_en: "Loyverse — Receipts by item",
        name_zh: "Loyverse 按商品的收据",
        source: "pos-formats.md §2b [B]: code index ids 68974181724, 69047488019, 57870643770",
        verified: true,
        signature: &[
            "Date",
            "Receipt number",
            "Receipt type",
            "Quantity",
            "Net sales",
        ],
        roles: &[
            (Role::Date, &["Date"]),
            (Role::ReceiptId, &["Receipt number"]),
            (Role::RefundFlag, &["Receipt type"]),
            (Role::Category, &["Category"]),
            (Role::Item, &["Item", "Item name"]),
            (Role::Quantity, &["Quantity"]),
            (Role::Gross, &["Gross sales"]),
            (Role::Discount, &["Discounts"]),
            (Role::Net, &["Net sales"]),
            (Role::Tax, &["Taxes"]),
            (Role::Status, &["Status"]),
            (Role::CustomerName, &["Customer name"]),
            (Role::CustomerPhone, &["Customer contacts"]),
        ],
        level: Level::Line,
        tax_included: false,
        date_order: None,
    },
    Preset {
        id: "shopify_orders",
        name_en: "Shopify — Orders",
        name_zh: "Shopify 订单",
        source: "pos-formats.md §3 [B]: repo trollspank/shopify2woo docs/shopify_columns.txt; repo laplace-live/shopify-csv-converter src/types/index.d.ts",
        verified: true,
        signature: &[
            "Name",
            "Financial Status",
            "Created at",
            "Lineitem quantity",
            "Lineitem name",
            "Lineitem price",
        ],
        roles: &[
            (Role::Date, &["Created at", "Paid at"]),
            (Role::ReceiptId, &["Name"]),
            (Role::Item, &["Lineitem name"]),
            (Role::Quantity, &["Lineitem quantity"]),
            (Role::UnitPrice, &["Lineitem price"]),
            (Role::Discount, &["Discount Amount"]),
            (Role::Net, &["Subtotal"]),
            (Role::Tax, &["Taxes"]),
            (Role::Status, &["Financial Status"]),
            (Role::RefundAmount, &["Refunded Amount"]),
            (
                Role::CustomerPhone,
                &["Phone", "Billing Phone", "Shipping Phone"],
            ),
            (Role::CustomerId, &["Email"]),
            (Role::CustomerName, &["Billing Name", "Shipping Name"]),
        ],
        level: Level::Line,
        tax_included: false,
        date_order: Some(DateOrder::Ymd),
    },
    Preset {
        id: "sumup_sales",
        name_en: "SumUp — Sales report (German)",
        name_zh: "SumUp 销售报表（德语）",
        source: "pos-formats.md §5 [B]: repo ursjoss/lola-sumup src/prepare.rs, src/test_fixtures.rs",
        verified: true,
        signature: &[
            "Datum",
            "Typ",
            "Transaktionsnummer",
            "Menge",
            "Beschreibung",
            "Preis (brutto)",
        ],
        roles: &[
            (Role::Date, &["Datum"]),
            (Role::RefundFlag, &["Typ"]),
            (Role::ReceiptId, &["Transaktionsnummer"]),
            (Role::Quantity, &["Menge"]),
            (Role::Item, &["Beschreibung"]),
            (Role::Category, &["Category"]),
            (Role::Gross, &["Preis vor Rabatt"]),
            (Role::Discount, &["Rabatt"]),
            (Role::Net, &["Preis (brutto)"]),
            (Role::Tax, &["Steuer"]),
        ],
        level: Level::Line,
        tax_included: true,
        date_order: Some(DateOrder::Dmy),
    },
    Preset {
        id: "youzan_goods",
        name_en: "Youzan — Orders by goods",
        name_zh: "有赞 商品维度订单",
        source: "pos-formats.md §8a [B]: code index ids 1639601837, 41196155900, 40740710617",
        verified: true,
        signature: &["订单号", "商品名称", "商品数量", "商品实际成交金额"],
        roles: &[
            (Role::ReceiptId, &["订单号"]),
            (
                Role::Date,
                &["交易成功时间", "买家付款时间", "买家付款日期"],
            ),
            (Role::Item, &["商品名称"]),
            (Role::Category, &["商品目录"]),
            (Role::Quantity, &["商品数量"]),
            (Role::UnitPrice, &["商品单价"]),
            (Role::Gross, &["商品金额小计"]),
            (Role::Discount, &["店铺优惠（分摊）"]),
            (Role::Net, &["商品实际成交金额"]),
            (Role::Status, &["订单商品状态"]),
            (Role::RefundAmount, &["商品已退款金额"]),
            (
                Role::CustomerPhone,
                &["买家手机号", "收货人手机号/提货人手机号", "收货人手机号"],
            ),
            (Role::CustomerName, &["收货人/提货人", "收货人"]),
        ],
        level: Level::Line,
        tax_included: true,
        date_order: Some(DateOrder::Ymd),
    },
    Preset {
        id: "meituan_pos",
        name_en: "Meituan POS — Order details (unverified)",
        name_zh: "美团收银 订单明细（未经核实）",
        source: "pos-formats.md §8b [C]: vocabulary from code index id 53914210337; no real export seen",
        verified: false,
        signature: &[
            "订单号",
            "下单时间",
            "菜品名称",
            "销售数量",
            "实收金额",
            "订单状态",
        ],
        roles: &[
            (Role::ReceiptId, &["订单号"]),
            (Role::Date, &["下单时间"]),
            (Role::Item, &["菜品名称"]),
            (Role::Quantity, &["销售数量"]),
            (Role::UnitPrice, &["单价"]),
            (Role::Gross, &["订单金额"]),
            (Role::Discount, &["优惠金额"]),
            (Role::Net, &["实收金额"]),
            (Role::RefundAmount, &["退款金额"]),
            (Role::CustomerPhone, &["会员手机号"]),
            (Role::Status, &["订单状态"]),
        ],
        level: Level::Line,
        tax_included: true,
        date_order: Some(DateOrder::Ymd),
    },
    Preset {
        id: "keruyun_pos",
        name_en: "Keruyun POS — Sales details (unverified)",
        name_zh: "客如云 销售明细（未经核实）",
        source: "pos-formats.md §8b [C]: vocabulary from code index id 53914210337; no real export seen",
        verified: false,
        signature: &["单据号", "结账时间", "商品名称", "实收", "会员卡号", "状态"],
        roles: &[
            (Role::ReceiptId, &["单据号"]),
            (Role::Date, &["结账时间"]),
            (Role::Item, &["商品名称"]),
            (Role::Quantity, &["数量"]),
            (Role::Gross, &["销售金额"]),
            (Role::Discount, &["折扣金额"]),
            (Role::Net, &["实收"]),
            (Role::MemberCard, &["会员卡号"]),
            (Role::CustomerPhone, &["会员手机号"]),
            (Role::Status, &["状态"]),
        ],
        level: Level::Line,
        tax_included: true,
        date_order: Some(DateOrder::Ymd),
    },
];

pub fn presets() -> &'static [Preset] {
    &PRESETS
}

/// The preset whose signature headers are all present; the most specific
/// (longest signature) when several are.
pub fn detect_preset(headers: &[String]) -> Option<&'static Preset> {
    let names: HashSet<String> = headers.iter().map(|h| normalize(h)).collect();
    PRESETS
        .iter()
        .filter(|p| p.signature.iter().all(|s| names.contains(&normalize(s))))
        .max_by_key(|p| p.signature.len())
}

/// How a column's role was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum GuessBy {
    Preset,
    Header,
    Values,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ColumnGuess {
    pub column: usize,
    pub header: String,
    pub role: Option<Role>,
    pub by: Option<GuessBy>,
}

/// The mapping offered to the owner, with how each column was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Proposal {
    /// The preset id, when the header is a known layout.
    pub preset: Option<String>,
    pub mapping: Mapping,
    pub columns: Vec<ColumnGuess>,
    /// Required roles no column plays (see `required_roles`).
    pub missing: Vec<Role>,
    /// The dates do not tell day from month: the owner must choose.
    pub ambiguous_dates: bool,
}

// Strength of a header's claim on a role. A preset beats both (it is applied
// alone); values only fill what headers left.
const BY_EXACT: u8 = 2;
const BY_SYNONYM: u8 = 1;

/// Header names per role for files without a preset. Compared after
/// `normalize`. A leading `=` means "this exact header only"; `~` means
/// "only as the end of a longer header" (下单时间 → …时间). Any other name
/// of at least two CJK or four Latin characters also matches as the end of
/// a longer header (会员手机号 ends with 手机号), more weakly than an exact name.
const SYNONYMS: &[(Role, &[&str])] = &[
    (
        Role::Date,
        &[
            "日期",
            "下单时间",
            "开单时间",
            "点单时间",
            "结账时间",
            "交易时间",
            "交易成功时间",
            "买家付款时间",
            "买家付款日期",
            "付款时间",
            "支付时间",
            "销售时间",
            "销售日期",
            "营业日期",
            "创建时间",
            "订单创建时间",
            "~时间",
            "~日期",
            "date",
            "created at",
            "datetime",
            "date time",
            "order date",
            "sale date",
            "transaction date",
            "datum",
            "fecha",
            "=data",
            "date de vente",
        ],
    ),
    (
        Role::Time,
        &[
            "=时间", "=time", "=uhrzeit", "=hora", "=heure", "=ora", "=zeit",
        ],
    ),
    (
        Role::ReceiptId,
        &[
            "订单号",
            "订单编号",
            "单据号",
            "单据编号",
            "=单号",
            "流水号",
            "小票号",
            "账单号",
            "结账单号",
            "交易单号",
            "销售单号",
            "receipt number",
            "receipt id",
            "receipt no",
            "receipt #",
            "=receipt",
            "transaction id",
            "=transaction",
            "order id",
            "order number",
            "order #",
            "=order",
            "=order no",
            "=name",
            "check id",
            "ticket number",
            "ticket_number",
            "=ticket",
            "n° de ticket",
            "numéro de ticket",
            "transaktionsnummer",
            "transaktions-id",
            "bon-nr",
            "bonnummer",
            "=beleg",
            "belegnummer",
            "número de ticket",
        ],
    ),
    (
        Role::Item,
        &[
            "商品名称",
            "菜品名称",
            "品名",
            "商品",
            "菜品",
            "商品名",
            "菜品名",
            "产品名称",
            "品项名称",
            "item",
            "item name",
            "lineitem name",
            "menu item",
            "product",
            "product name",
            "article",
            "artikel",
            "artikelname",
            "beschreibung",
            "=description",
            "produit",
            "producto",
            "articolo",
            "coffee_name",
        ],
    ),
    (
        Role::Category,
        &[
            "类别",
            "分类",
            "商品分类",
            "菜品分类",
            "品类",
            "商品类别",
            "商品目录",
            "category",
            "kategorie",
            "catégorie",
            "categoría",
            "menu group",
        ],
    ),
    (
        Role::Quantity,
        &[
            "数量",
            "销售数量",
            "销量",
            "商品数量",
            "份数",
            "=qty",
            "quantity",
            "menge",
            "anzahl",
            "cantidad",
            "quantité",
            "quantità",
            "lineitem quantity",
        ],
    ),
    (
        Role::UnitPrice,
        &[
            "单价",
            "售价",
            "商品单价",
            "销售单价",
            "菜品单价",
            "price",
            "unit price",
            "lineitem price",
            "preis",
            "einzelpreis",
            "prix",
            "prix unitaire",
            "precio",
            "prezzo",
            "unit_price",
        ],
    ),
    (
        Role::Gross,
        &[
            "销售金额",
            "订单金额",
            "应收金额",
            "商品金额小计",
            "原价金额",
            "消费金额",
            "账单金额",
            "营业额",
            "原价",
            "gross sales",
            "gross",
            "subtotal",
            "gross price",
            "preis vor rabatt",
            "=brutto",
            "bruttoumsatz",
        ],
    ),
    (
        Role::Discount,
        &[
            "优惠金额",
            "折扣金额",
            "优惠",
            "折扣",
            "减免金额",
            "discount",
            "discounts",
            "discount amount",
            "lineitem discount",
            "rabatt",
            "remise",
            "descuento",
            "sconto",
            "=discnt",
        ],
    ),
    (
        Role::Net,
        &[
            "实收金额",
            "实付金额",
            "实收",
            "实付",
            "商品实际成交金额",
            "实际成交金额",
            "成交金额",
            "支付金额",
            "付款金额",
            "实际支付金额",
            "=金额",
            "net sales",
            "=net",
            "total",
            "net price",
            "=amount",
            "=money",
            "=betrag",
            "betrag inkl. mwst.",
            "preis (brutto)",
            "=netto",
            "montant",
            "importe",
            "importo",
        ],
    ),
    (
        Role::Tax,
        &[
            "税额",
            "税金",
            "=税",
            "=tax",
            "taxes",
            "tax amount",
            "steuer",
            "mwst",
            "=ust",
            "=iva",
            "=tva",
            "=vat",
        ],
    ),
    (
        Role::RefundFlag,
        &[
            "=类型",
            "单据类型",
            "订单类型",
            "交易类型",
            "销售类型",
            "业务类型",
            "receipt type",
            "event type",
            "=typ",
            "=type",
            "transaction type",
            "operation type",
            "transaktionsart",
        ],
    ),
    (
        Role::Status,
        &[
            "状态",
            "订单状态",
            "单据状态",
            "交易状态",
            "支付状态",
            "status",
            "void?",
            "voided",
            "financial status",
            "transaction status",
            "estado",
            "statut",
        ],
    ),
    (
        Role::RefundAmount,
        &[
            "退款金额",
            "退单金额",
            "已退款金额",
            "退菜金额",
            "退货金额",
            "refunded amount",
            "refunds",
            "refund amount",
            "=refund",
            "partial refunds",
        ],
    ),
    (
        Role::RefundDate,
        &[
            "退款时间",
            "退款日期",
            "退单时间",
            "refund date",
            "refunded at",
        ],
    ),
    (
        Role::OriginalReceipt,
        &[
            "原单号",
            "原订单号",
            "原单据号",
            "原小票号",
            "original receipt",
            "original receipt number",
            "original order id",
            "original transaction id",
            "refund of",
        ],
    ),
    (
        Role::CustomerPhone,
        &[
            "会员手机号",
            "手机号",
            "手机",
            "电话",
            "手机号码",
            "联系电话",
            "买家手机号",
            "收货人手机号",
            "会员电话",
            "顾客手机号",
            "phone",
            "customer phone",
            "billing phone",
            "phone number",
            "mobile",
            "telefon",
            "téléphone",
            "teléfono",
            "telefono",
            "customer contacts",
            "handy",
        ],
    ),
    (
        Role::CustomerId,
        &[
            "顾客编号",
            "客户id",
            "客户编号",
            "会员id",
            "会员编号",
            "customer id",
            "kunden-id",
            "kundennummer",
            "=card",
            "customer number",
            "client id",
        ],
    ),
    (
        Role::MemberCard,
        &[
            "会员卡号",
            "会员号",
            "卡号",
            "会员卡",
            "member card",
            "loyalty card",
            "membership card",
        ],
    ),
    (
        Role::CustomerName,
        &[
            "会员姓名",
            "会员名称",
            "顾客姓名",
            "客户名称",
            "客户姓名",
            "会员名",
            "姓名",
            "收货人",
            "提货人",
            "customer name",
            "=customer",
            "billing name",
            "kunde",
            "kundenname",
            "=client",
            "=cliente",
        ],
    ),
];

/// Proposes a mapping for a header and the first rows under it.
pub fn propose(headers: &[String], samples: &[Vec<String>]) -> Proposal {
    propose_with(detect_preset(headers), headers, samples)
}

/// The mapping `preset` gives these headers (the owner chose the preset).
pub fn propose_with_preset(
    preset: &'static Preset,
    headers: &[String],
    samples: &[Vec<String>],
) -> Proposal {
    propose_with(Some(preset), headers, samples)
}

fn propose_with(
    preset: Option<&'static Preset>,
    headers: &[String],
    samples: &[Vec<String>],
) -> Proposal {
    let mut assigned: Vec<Option<(Role, GuessBy)>> = vec![None; headers.len()];

    if let Some(p) = preset {
        assign_from_preset(p, headers, &mut assigned);
    } else {
        assign_from_headers(headers, &mut assigned);
        assign_from_values(samples, &mut assigned);
    }

    let columns: Vec<(Role, usize)> = {
        let mut c: Vec<(Role, usize)> = assigned
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.as_ref().map(|(r, _)| (*r, i)))
            .collect();
        c.sort();
        c
    };
    let column_of = |role: Role| columns.iter().find(|(r, _)| *r == role).map(|(_, c)| *c);

    let level = match preset {
        Some(p) => p.level,
        None => {
            let repeats = column_of(Role::ReceiptId).is_some_and(|c| {
                let mut seen = HashSet::new();
                column_values(samples, c).any(|v| !seen.insert(v))
            });
            if column_of(Role::Item).is_some() || column_of(Role::Quantity).is_some() || repeats {
                Level::Line
            } else {
                Level::Receipt
            }
        }
    };

    let money: Vec<&str> = [
        Role::Gross,
        Role::Discount,
        Role::Net,
        Role::Tax,
        Role::UnitPrice,
        Role::RefundAmount,
    ]
    .into_iter()
    .filter_map(column_of)
    .flat_map(|c| column_values(samples, c))
    .collect();
    let decimal = decide_decimal_style(money);

    let dates: Vec<&str> = column_of(Role::Date)
        .map(|c| column_values(samples, c).collect())
        .unwrap_or_default();
    let from_samples = if dates.is_empty() {
        // No dates to look at: the vendor's own order, if it has one.
        preset
            .and_then(|p| p.date_order)
            .or_else(|| decide_date_order(dates.iter().copied()))
    } else {
        decide_date_order(dates.iter().copied())
    };
    let date_order = from_samples.or_else(|| {
        let fallback = preset.and_then(|p| p.date_order)?;
        // The vendor's order only helps when the samples are written the
        // vendor's way round (year last for D/M/Y and M/D/Y); a re-saved file
        // is asked about instead.
        let year_last = dates.iter().all(|d| year_is_last(d) != Some(false));
        match fallback {
            DateOrder::Ymd if dates.is_empty() => Some(DateOrder::Ymd),
            DateOrder::Dmy | DateOrder::Mdy if year_last => Some(fallback),
            _ => None,
        }
    });

    let mapping = Mapping {
        columns,
        level,
        decimal,
        date_order,
        tax_included: preset.is_none_or(|p| p.tax_included),
    };
    let missing = required_roles(&mapping);
    let ambiguous_dates = mapping.column(Role::Date).is_some() && mapping.date_order.is_none();
    Proposal {
        preset: preset.map(|p| p.id.to_string()),
        columns: headers
            .iter()
            .enumerate()
            .map(|(i, h)| ColumnGuess {
                column: i,
                header: h.trim().trim_start_matches('\u{feff}').to_string(),
                role: assigned[i].as_ref().map(|(r, _)| *r),
                by: assigned[i].as_ref().map(|(_, b)| b.clone()),
            })
            .collect(),
        mapping,
        missing,
        ambiguous_dates,
    }
}

/// The required roles the mapping lacks: the date always, the receipt id for
/// line-level files, and an amount (net or gross; reported as net).
pub fn required_roles(mapping: &Mapping) -> Vec<Role> {
    let mut missing = Vec::new();
    if mapping.column(Role::Date).is_none() {
        missing.push(Role::Date);
    }
    if mapping.level == Level::Line && mapping.column(Role::ReceiptId).is_none() {
        missing.push(Role::ReceiptId);
    }
    if mapping.column(Role::Net).is_none() && mapping.column(Role::Gross).is_none() {
        missing.push(Role::Net);
    }
    missing
}

/// True when the name is a known header of some role (exactly, after
/// normalising), so a reader can find the header row under title lines.
pub fn is_known_header(name: &str) -> bool {
    let n = normalize(name);
    if n.is_empty() {
        return false;
    }
    let k = strip_unit(&n);
    SYNONYMS.iter().any(|(_, names)| {
        names.iter().any(|s| {
            let (mode, s) = synonym_mode(s);
            mode != Mode::SuffixOnly && (s == n || s == k)
        })
    }) || PRESETS.iter().any(|p| {
        p.roles
            .iter()
            .any(|(_, names)| names.iter().any(|s| normalize(s) == n))
    })
}

/// Reads a refund-flag or status cell. `None` when the value says nothing
/// known (the importer then treats the row by its amounts).
pub fn classify_kind(header: &str, value: &str) -> Option<LineKind> {
    let v = normalize(value);
    if v.is_empty() {
        return None;
    }
    let h = normalize(header);
    let truthy = matches!(
        v.as_str(),
        "true" | "yes" | "y" | "1" | "是" | "ja" | "oui" | "sí" | "si"
    );
    let falsy = matches!(
        v.as_str(),
        "false" | "no" | "n" | "0" | "否" | "nein" | "non"
    );
    if h.contains("void") || h.contains("作废") || h.contains("cancel") || h.contains("取消") {
        if truthy {
            return Some(LineKind::Void);
        }
        if falsy {
            return Some(LineKind::Sale);
        }
    }
    if h.contains("refund") || h.contains("退款") || h.contains("退货") || h.contains("return")
    {
        if truthy {
            return Some(LineKind::Refund);
        }
        if falsy {
            return Some(LineKind::Sale);
        }
    }

    const PARTIAL: &[&str] = &["部分退款", "partiallyrefunded", "partialrefund"];
    const REFUND: &[&str] = &[
        "退款",
        "退货",
        "退单",
        "退菜",
        "refund",
        "return",
        "rückerstattung",
        "erstattung",
        "retoure",
        "remboursement",
        "reembolso",
        "rimborso",
        "devolución",
    ];
    const VOID: &[&str] = &[
        "作废",
        "已取消",
        "取消",
        "撤销",
        "交易关闭",
        "已关闭",
        "cancel",
        "void",
        "storno",
        "annul",
        "anulad",
    ];
    const SALE: &[&str] = &[
        "sale",
        "payment",
        "verkauf",
        "umsatz",
        "erfolgreich",
        "closed",
        "completed",
        "complete",
        "paid",
        "vente",
        "venta",
        "vendita",
        "已完成",
        "完成",
        "已支付",
        "已结账",
        "已付款",
        "交易成功",
        "成功",
        "销售",
        "正常",
    ];
    if PARTIAL.iter().any(|w| v.contains(w)) {
        return Some(LineKind::Sale);
    }
    if REFUND.iter().any(|w| v.contains(w)) {
        return Some(LineKind::Refund);
    }
    if VOID.iter().any(|w| v.contains(w)) {
        return Some(LineKind::Void);
    }
    let negated = v.contains('未') || v.contains('待');
    if !negated
        && SALE
            .iter()
            .any(|w| v == *w || (!w.is_ascii() && v.contains(w)))
    {
        return Some(LineKind::Sale);
    }
    None
}

/// A stable id of a header layout, so a confirmed mapping is remembered per
/// layout: the order of the columns matters; case, spaces and full-width
/// forms do not; trailing empty header cells are ignored.
pub fn header_signature(headers: &[String]) -> String {
    let mut names: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    while names.last().is_some_and(|n| n.is_empty()) {
        names.pop();
    }
    let joined = names.join("\u{1f}");
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(joined.as_bytes()))
}

// ---------------------------------------------------------------- matching

/// Lower case, half-width, without spaces and the punctuation people vary
/// (`_ - . : ? * " '`), without a BOM or zero-width characters.
fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{ffe5}' => '¥',
            _ => c,
        })
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '_' | '-' | '.' | ':' | '?' | '*' | '"' | '\'' | '\u{feff}' | '\u{200b}'
                )
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Drops a short trailing unit in brackets: `实收金额(元)`, `Total (EUR)`, `店铺优惠(分摊)`.
fn strip_unit(n: &str) -> String {
    if let Some(body) = n.strip_suffix(')')
        && let Some(open) = body.rfind('(')
    {
        let unit = &body[open + 1..];
        let len = unit.chars().count();
        if (1..=4).contains(&len) && !unit.chars().any(|c| c.is_ascii_digit()) && open > 0 {
            return body[..open].to_string();
        }
    }
    n.to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Exact, or as the end of a longer header when long enough.
    Normal,
    ExactOnly,
    SuffixOnly,
}

fn synonym_mode(raw: &str) -> (Mode, String) {
    if let Some(s) = raw.strip_prefix('=') {
        (Mode::ExactOnly, normalize(s))
    } else if let Some(s) = raw.strip_prefix('~') {
        (Mode::SuffixOnly, normalize(s))
    } else {
        (Mode::Normal, normalize(raw))
    }
}

fn long_enough_for_suffix(s: &str) -> bool {
    let cjk = s.chars().any(|c| c as u32 >= 0x2e80);
    let n = s.chars().count();
    if cjk { n >= 2 } else { n >= 4 }
}

/// The best claim a header makes: (role, strength, specificity).
fn header_claims(header: &str) -> Vec<(Role, u8, usize)> {
    let n = normalize(header);
    if n.is_empty() {
        return Vec::new();
    }
    let k = strip_unit(&n);
    let mut claims = Vec::new();
    for (role, names) in SYNONYMS {
        let mut best: Option<(u8, usize)> = None;
        for raw in names.iter() {
            let (mode, s) = synonym_mode(raw);
            let len = s.chars().count();
            let strength = if mode != Mode::SuffixOnly && (s == n || s == k) {
                BY_EXACT
            } else if mode != Mode::ExactOnly
                && (mode == Mode::SuffixOnly || long_enough_for_suffix(&s))
                && k.len() > s.len()
                && k.ends_with(&s)
            {
                BY_SYNONYM
            } else {
                continue;
            };
            if best.is_none_or(|b| (strength, len) > b) {
                best = Some((strength, len));
            }
        }
        if let Some((strength, len)) = best {
            claims.push((*role, strength, len));
        }
    }
    claims
}

fn assign_from_preset(
    preset: &Preset,
    headers: &[String],
    assigned: &mut [Option<(Role, GuessBy)>],
) {
    let names: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    for (role, accepted) in preset.roles {
        let found = accepted.iter().find_map(|a| {
            let a = normalize(a);
            names
                .iter()
                .enumerate()
                .find(|(i, n)| **n == a && assigned[*i].is_none())
                .map(|(i, _)| i)
        });
        if let Some(i) = found {
            assigned[i] = Some((*role, GuessBy::Preset));
        }
    }
}

/// Greedy: the strongest, most specific claims first, the leftmost column on
/// a tie; each role and each column at most once.
fn assign_from_headers(headers: &[String], assigned: &mut [Option<(Role, GuessBy)>]) {
    let mut claims: Vec<(u8, usize, usize, Role)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        for (role, strength, len) in header_claims(h) {
            claims.push((strength, len, i, role));
        }
    }
    claims.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut taken = HashSet::new();
    for (_, _, i, role) in claims {
        if assigned[i].is_none() && !taken.contains(&role) {
            assigned[i] = Some((role, GuessBy::Header));
            taken.insert(role);
        }
    }
}

/// Phones, dates and times by their values, for columns the header left
/// unmapped and roles still free. Money is never assigned by values.
fn assign_from_values(samples: &[Vec<String>], assigned: &mut [Option<(Role, GuessBy)>]) {
    let taken = |assigned: &[Option<(Role, GuessBy)>], role: Role| {
        assigned.iter().flatten().any(|(r, _)| *r == role)
    };
    for i in 0..assigned.len() {
        if assigned[i].is_some() {
            continue;
        }
        let values: Vec<&str> = column_values(samples, i).collect();
        let role = if mostly(&values, looks_like_cn_mobile) {
            Role::CustomerPhone
        } else if mostly(&values, looks_like_date) {
            Role::Date
        } else if mostly(&values, looks_like_time) {
            Role::Time
        } else {
            continue;
        };
        if !taken(assigned, role) {
            assigned[i] = Some((role, GuessBy::Values));
        }
    }
    // A lone "时间"/"Time" column holding whole timestamps is the date.
    if !taken(assigned, Role::Date)
        && let Some(i) = assigned
            .iter()
            .position(|a| matches!(a, Some((Role::Time, _))))
        && mostly(
            &column_values(samples, i).collect::<Vec<_>>(),
            looks_like_date,
        )
    {
        assigned[i] = Some((Role::Date, GuessBy::Values));
    }
}

fn column_values(samples: &[Vec<String>], column: usize) -> impl Iterator<Item = &str> {
    samples
        .iter()
        .filter_map(move |row| row.get(column))
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
}

/// At least 80 % of the (non-empty) values, and at least one.
fn mostly(values: &[&str], test: fn(&str) -> bool) -> bool {
    !values.is_empty() && values.iter().filter(|v| test(v)).count() * 5 >= values.len() * 4
}

/// An 11-digit Chinese mobile starting 1[3-9], allowing `+86`/`86`/`0086`,
/// spaces, dashes and Excel's protective `="…"` or leading tab/apostrophe.
fn looks_like_cn_mobile(v: &str) -> bool {
    let v = v.trim().trim_start_matches(['=', '\'']).trim_matches('"');
    let digits: String = v
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\t' | '(' | ')'))
        .collect();
    let digits = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("0086"))
        .unwrap_or(&digits);
    let digits = if digits.len() == 13 {
        digits.strip_prefix("86").unwrap_or(digits)
    } else {
        digits
    };
    let b = digits.as_bytes();
    b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
}

/// The three numbers of a date at the start of a value: `2026-03-05`,
/// `2026/3/5 14:23`, `05.03.2026, 12:32`, `3/5/26 2:23 PM`, `2026年3月5日`.
fn date_parts(v: &str) -> Option<[u32; 3]> {
    let v = v.trim().replace(['年', '月'], "-").replace('日', " ");
    let date = v.split([' ', 'T', ',']).next()?;
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    if parts.len() != 3 {
        return None;
    }
    let mut out = [0u32; 3];
    for (o, p) in out.iter_mut().zip(&parts) {
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *o = p.parse().ok()?;
    }
    let lens = [parts[0].len(), parts[1].len(), parts[2].len()];
    if lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2 {
        ((1..=12).contains(&out[1]) && (1..=31).contains(&out[2])).then_some(out)
    } else if lens[0] <= 2 && lens[1] <= 2 && (lens[2] == 2 || lens[2] == 4) {
        let (a, b) = (out[0], out[1]);
        ((1..=31).contains(&a) && (1..=31).contains(&b) && (a <= 12 || b <= 12)).then_some(out)
    } else {
        None
    }
}

fn looks_like_date(v: &str) -> bool {
    date_parts(v).is_some()
}

/// `Some(true)` for D/M/Y or M/D/Y, `Some(false)` for Y-M-D, `None` when not a date.
fn year_is_last(v: &str) -> Option<bool> {
    date_parts(v)?;
    let first = v.trim().split(['-', '/', '.']).next()?;
    Some(first.len() <= 2)
}

/// `14:23`, `14:23:11`, `2:23 PM`, `14:23:11.520`.
fn looks_like_time(v: &str) -> bool {
    let v = v.trim().to_ascii_lowercase();
    let v = v
        .strip_suffix("am")
        .or_else(|| v.strip_suffix("pm"))
        .unwrap_or(&v)
        .trim();
    let parts: Vec<&str> = v.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return false;
    }
    let hour_ok = parts[0].len() <= 2 && parts[0].parse::<u32>().is_ok_and(|h| h < 24);
    let rest_ok = parts[1..].iter().all(|p| {
        let whole = p.split('.').next().unwrap_or_default();
        whole.len() == 2 && whole.parse::<u32>().is_ok_and(|m| m < 60)
    });
    hour_ok && rest_ok
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
