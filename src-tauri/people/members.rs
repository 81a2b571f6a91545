//! The member list: who is in the owner's community, validated on the way in.
//!
//! Phones go through `phone::normalize` and are unique; every write is one
//! statement or one transaction; nothing is written when validation fails.
//! "Left" keeps the person and their history; "forget" erases them.

use super::{forgotten, identities, phone};
use crate::check::Invalid;
use crate::check::{Field, Problem, field};
use crate::i18n::{ErrorCode, Lang, UserError};
use crate::privacy::{Column, Kind, OnForget, column};
use crate::settings::ctx::Ctx;
use crate::store::each_row;
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use thiserror::Error;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MemberSource {
    InStore,
    Event,
    Referral,
    Online,
    Other,
}

impl MemberSource {
    pub const ALL: [MemberSource; 5] = [
        MemberSource::InStore,
        MemberSource::Event,
        MemberSource::Referral,
        MemberSource::Online,
        MemberSource::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MemberSource::InStore => "in_store",
            MemberSource::Event => "event",
            MemberSource::Referral => "referral",
            MemberSource::Online => "online",
            MemberSource::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<MemberSource> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A member as the list, the form and `members list --json` show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Member {
    #[ts(type = "number")]
    pub id: i64,
    /// What the owner calls them; `None` for a nameless member (known by their phone alone).
    pub name: Option<String>,
    /// How they are shown: their name, else "顾客 138****5678" ([`label`]).
    pub label: String,
    /// E.164, e.g. `+8613812341234` (masked when shown outside the app).
    pub phone: Option<String>,
    /// The phone as the owner reads it: national digits for the shop's country.
    pub phone_display: Option<String>,
    pub wechat_name: Option<String>,
    pub birthday: Option<NaiveDate>,
    pub joined_on: NaiveDate,
    pub source: MemberSource,
    pub tags: Vec<String>,
    pub notes: String,
    pub marketing_consent: bool,
    pub left_on: Option<NaiveDate>,
}

/// What the add/edit form sends; free text as typed, checked by `validate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MemberInput {
    pub name: String,
    pub phone: String,
    pub wechat_name: String,
    pub birthday: Option<NaiveDate>,
    pub joined_on: NaiveDate,
    pub source: MemberSource,
    pub tags: Vec<String>,
    pub notes: String,
    pub marketing_consent: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum MemberSort {
    #[default]
    Name,
    JoinedNewest,
    JoinedOldest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// Members who have not left.
    #[default]
    Current,
    Left,
    All,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
pub struct MemberQuery {
    /// Matches name, WeChat name, tag, or (three or more digits) phone.
    pub search: String,
    pub sort: MemberSort,
    pub status: MemberStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MemberList {
    pub members: Vec<Member>,
    /// Members in the chosen status before the search narrowed them.
    #[ts(type = "number")]
    pub total: i64,
}

pub const NAME_MAX: usize = 80;
pub const TAG_MAX: usize = 20;
pub const TAGS_MAX: usize = 20;
pub const NOTES_MAX: usize = 2000;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum MemberError {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error("no member with id {0}")]
    NotFound(i64),
    /// The phone is of someone the owner made Regulars forget: added only when they say so.
    #[error("the phone of someone forgotten")]
    Forgotten,
    #[error("database error: {0}")]
    Sqlite(String),
}

impl From<rusqlite::Error> for MemberError {
    fn from(e: rusqlite::Error) -> Self {
        MemberError::Sqlite(e.to_string())
    }
}

impl UserError for MemberError {
    fn code(&self) -> ErrorCode {
        match self {
            MemberError::Invalid(e) => e.code(),
            MemberError::NotFound(_) => ErrorCode::NotFound,
            MemberError::Forgotten => ErrorCode::Forgotten,
            MemberError::Sqlite(_) => ErrorCode::Internal,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            MemberError::Invalid(e) => e.message(lang),
            MemberError::NotFound(_) => lang.pick(
                "找不到这位会员，可能已被删除。",
                "This member no longer exists.",
            ),
            MemberError::Forgotten => lang.pick(
                "你曾让熟客忘记用这个手机号的人。只有在对方希望回来时才再次添加。",
                "You asked Regulars to forget the person with this phone. Add them again only if they asked to come back.",
            ),
            MemberError::Sqlite(e) => {
                lang.pick(format!("数据库出错：{e}"), format!("Database error: {e}"))
            }
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            MemberError::Invalid(e) => e.field(),
            MemberError::Forgotten => Some(PHONE.name),
            MemberError::NotFound(_) | MemberError::Sqlite(_) => None,
        }
    }
}

/// The member input's fields, by their serde names.
pub static NAME: Field = field("name", "姓名", "name");
pub static PHONE: Field = field("phone", "手机号", "phone number");
pub static BIRTHDAY: Field = field("birthday", "生日", "birthday");
pub static JOINED_ON: Field = field("joined_on", "入群日期", "joined date");
pub static LEFT_ON: Field = field("left_on", "退出日期", "left date");
pub static TAGS: Field = field("tags", "标签", "tag");
pub static NOTES: Field = field("notes", "备注", "notes");
pub static WECHAT_NAME: Field = field("wechat_name", "微信昵称", "WeChat name");
pub static MARKETING_CONSENT: Field = field("marketing_consent", "营销许可", "marketing consent");

/// A member input after validation: trimmed, phone in E.164, tags unique.
struct Valid {
    name: Option<String>,
    phone: Option<String>,
    wechat_name: Option<String>,
    birthday: Option<NaiveDate>,
    joined_on: NaiveDate,
    source: MemberSource,
    tags: Vec<String>,
    notes: String,
    marketing_consent: bool,
}

/// Splits tags typed in one field (`烘焙爱好者、咖啡; weekend`) into tags, each once, in the
/// order typed (as the UI's `splitTags`: both are tested on `tests/fixtures/twins.json`).
pub fn split_tags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in text.split([',', '，', ';', '；', '、']).map(str::trim) {
        if !tag.is_empty() && !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_string());
        }
    }
    tags
}

/// The year of a birthday whose year is not known (a list that writes `03-12` or `3月12日`):
/// 1604, a leap year (29 February fits) long before anyone's birth, as phone address books
/// keep them. Shown and counted as a month and day only; the UI knows the same year
/// (`ui/src/lib/format.ts`, `formatBirthday`).
pub const BIRTHDAY_YEAR_UNKNOWN: i32 = 1604;

/// A birthday of month `month`, day `day` whose year is not known.
pub fn birthday_without_year(month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(BIRTHDAY_YEAR_UNKNOWN, month, day)
}

fn validate(input: &MemberInput, ctx: Ctx) -> Result<Valid, MemberError> {
    let name = input.name.trim();
    if name.chars().count() > NAME_MAX {
        return Err(NAME.invalid(Problem::TooLong { max: NAME_MAX }).into());
    }
    let phone = match input.phone.trim() {
        "" => None,
        raw => Some(phone::normalize(raw, ctx.phone_region()).map_err(|_| {
            PHONE.invalid(Problem::NotAPhone {
                value: raw.to_string(),
            })
        })?),
    };
    // A member needs a name, or a phone to be known by (a nameless member: [`label`]).
    if name.is_empty() && phone.is_none() {
        return Err(NAME.invalid(Problem::Required).into());
    }
    if let Some(b) = input.birthday.filter(|b| b.year() != BIRTHDAY_YEAR_UNKNOWN) {
        let earliest = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
        if b >= ctx.today || b < earliest {
            return Err(BIRTHDAY.invalid(Problem::NotInPast { value: b }).into());
        }
    }
    if input.joined_on > ctx.today {
        let value = input.joined_on;
        return Err(JOINED_ON.invalid(Problem::InFuture { value }).into());
    }
    let mut tags: Vec<String> = Vec::new();
    for tag in &input.tags {
        let tag = tag.trim();
        let bad_char = tag.contains([',', '，', ';', '；', '、', '\n', '\t']);
        if tag.is_empty() || tag.chars().count() > TAG_MAX || bad_char {
            let value = tag.to_string();
            return Err(TAGS
                .invalid(Problem::BadEntry {
                    value,
                    max: TAG_MAX,
                })
                .into());
        }
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_string());
        }
    }
    if tags.len() > TAGS_MAX {
        return Err(TAGS.invalid(Problem::TooMany { max: TAGS_MAX }).into());
    }
    if input.notes.chars().count() > NOTES_MAX {
        return Err(NOTES.invalid(Problem::TooLong { max: NOTES_MAX }).into());
    }
    let wechat = input.wechat_name.trim();
    Ok(Valid {
        name: (!name.is_empty()).then(|| name.to_string()),
        phone,
        wechat_name: (!wechat.is_empty()).then(|| wechat.to_string()),
        birthday: input.birthday,
        joined_on: input.joined_on,
        source: input.source,
        tags,
        notes: input.notes.trim().to_string(),
        marketing_consent: input.marketing_consent,
    })
}

fn check_phone_free(
    tx: &Connection,
    phone: Option<&str>,
    except: Option<i64>,
    ctx: Ctx,
) -> Result<(), MemberError> {
    let Some(phone) = phone else { return Ok(()) };
    let other: Option<Option<String>> = tx
        .query_row(
            "SELECT name FROM members WHERE phone = ?1 AND id IS NOT ?2",
            params![phone, except],
            |r| r.get(0),
        )
        .optional()?;
    match other {
        Some(name) => {
            let by = label(name.as_deref(), Some(phone), ctx.phone_region(), ctx.lang);
            Err(PHONE.invalid(Problem::Taken { by }).into())
        }
        None => Ok(()),
    }
}

/// How a member is named wherever they are shown: their name; a nameless member (made of a
/// customer the POS knew only by phone) as "顾客 138****5678" / "Customer 138****5678" — their
/// phone, masked whatever the masking setting says, since it stands in for a name.
pub fn label(name: Option<&str>, phone: Option<&str>, phone_region: &str, lang: Lang) -> String {
    match (name, phone) {
        (Some(name), _) => name.to_string(),
        (None, Some(phone)) => format!(
            "{} {}",
            nameless(lang),
            phone::display(phone, phone_region, true)
        ),
        // The schema keeps a member with neither from being written.
        (None, None) => nameless(lang),
    }
}

/// The word a nameless member's label starts with.
fn nameless(lang: Lang) -> String {
    lang.pick("顾客", "Customer")
}

fn write_tags(tx: &Connection, id: i64, tags: &[String]) -> Result<(), MemberError> {
    tx.execute("DELETE FROM member_tags WHERE member_id = ?1", [id])?;
    let mut insert =
        tx.prepare_cached("INSERT INTO member_tags(member_id, tag) VALUES (?1, ?2)")?;
    for tag in tags {
        insert.execute(params![id, tag])?;
    }
    Ok(())
}

/// Adds a member; returns it as stored. A phone of someone forgotten is refused
/// (`MemberError::Forgotten`): the form asks, then calls `add_again`.
pub fn add(conn: &mut Connection, input: &MemberInput, ctx: Ctx) -> Result<Member, MemberError> {
    add_with(conn, input, false, ctx)
}

/// `add`, for someone forgotten whom the owner adds again knowingly: their tombstone is lifted
/// with the add.
pub fn add_again(
    conn: &mut Connection,
    input: &MemberInput,
    ctx: Ctx,
) -> Result<Member, MemberError> {
    add_with(conn, input, true, ctx)
}

fn add_with(
    conn: &mut Connection,
    input: &MemberInput,
    again: bool,
    ctx: Ctx,
) -> Result<Member, MemberError> {
    let v = validate(input, ctx)?;
    let tx = conn.transaction()?;
    if let Some(phone) = &v.phone {
        if again {
            forgotten::lift_phone(&tx, phone)?;
        } else if forgotten::is_forgotten_phone(&tx, phone)? {
            return Err(MemberError::Forgotten);
        }
    }
    let id = insert(&tx, &v, None, ctx)?;
    tx.commit()?;
    get(conn, id, ctx.phone_region(), ctx.lang)
}

/// Adds many members in one transaction: all of them, or none when any is invalid.
/// Returns the ids in input order; the error carries the index of the bad input.
pub fn add_all(
    conn: &mut Connection,
    inputs: &[MemberInput],
    ctx: Ctx,
) -> Result<Vec<i64>, (usize, MemberError)> {
    let tx = conn.transaction().map_err(|e| (0, e.into()))?;
    let ids = add_all_in(&tx, inputs, None, ctx)?;
    tx.commit().map_err(|e| (inputs.len(), e.into()))?;
    Ok(ids)
}

/// [`add_all`] inside the caller's transaction, for a write that adds members and more at once;
/// with `batch_id`, the members remember the batch that brought them (its undo removes them).
pub fn add_all_in(
    tx: &Transaction<'_>,
    inputs: &[MemberInput],
    batch_id: Option<i64>,
    ctx: Ctx,
) -> Result<Vec<i64>, (usize, MemberError)> {
    let mut ids = Vec::with_capacity(inputs.len());
    for (i, input) in inputs.iter().enumerate() {
        let v = validate(input, ctx).map_err(|e| (i, e))?;
        ids.push(insert(tx, &v, batch_id, ctx).map_err(|e| (i, e))?);
    }
    Ok(ids)
}

/// Adds the member of one row of a member list (batch `batch_id`), inside the import's
/// transaction; `None` when the shop already has them — the same phone and name, or with no
/// phone the same name and no phone — so that a list imported again adds nobody twice.
pub fn add_listed(
    conn: &Connection,
    input: &MemberInput,
    batch_id: i64,
    ctx: Ctx,
) -> Result<Option<i64>, MemberError> {
    let v = validate(input, ctx)?;
    let known: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM members WHERE name IS ?1 AND phone IS ?2)",
        params![v.name, v.phone],
        |r| r.get(0),
    )?;
    if known {
        return Ok(None);
    }
    // Someone forgotten is not brought back by a list: the owner adds them by hand, knowingly.
    if let Some(phone) = &v.phone
        && forgotten::is_forgotten_phone(conn, phone)?
    {
        return Err(MemberError::Forgotten);
    }
    insert(conn, &v, Some(batch_id), ctx).map(Some)
}

fn insert(tx: &Connection, v: &Valid, batch_id: Option<i64>, ctx: Ctx) -> Result<i64, MemberError> {
    check_phone_free(tx, v.phone.as_deref(), None, ctx)?;
    tx.prepare_cached(
        "INSERT INTO members(name, phone, wechat_name, birthday, joined_on, source, notes, marketing_consent,
             batch_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        v.name,
        v.phone,
        v.wechat_name,
        v.birthday,
        v.joined_on,
        v.source.code(),
        v.notes,
        v.marketing_consent,
        batch_id
    ])?;
    let id = tx.last_insert_rowid();
    write_tags(tx, id, &v.tags)?;
    link_phone(tx, id, v.phone.as_deref())?;
    Ok(id)
}

/// Links the identities under the member's phone (see [`identities::link_phone`]).
fn link_phone(tx: &Connection, id: i64, phone: Option<&str>) -> Result<(), MemberError> {
    if let Some(phone) = phone {
        identities::link_phone(tx, id, phone)?;
    }
    Ok(())
}

/// Replaces a member's details with `input`.
pub fn update(
    conn: &mut Connection,
    id: i64,
    input: &MemberInput,
    ctx: Ctx,
) -> Result<Member, MemberError> {
    let v = validate(input, ctx)?;
    let tx = conn.transaction()?;
    check_phone_free(&tx, v.phone.as_deref(), Some(id), ctx)?;
    let changed = tx.execute(
        "UPDATE members SET name = ?2, phone = ?3, wechat_name = ?4, birthday = ?5, joined_on = ?6,
                source = ?7, notes = ?8, marketing_consent = ?9, edits = edits + 1
         WHERE id = ?1",
        params![
            id,
            v.name,
            v.phone,
            v.wechat_name,
            v.birthday,
            v.joined_on,
            v.source.code(),
            v.notes,
            v.marketing_consent
        ],
    )?;
    if changed == 0 {
        return Err(MemberError::NotFound(id));
    }
    write_tags(&tx, id, &v.tags)?;
    link_phone(&tx, id, v.phone.as_deref())?;
    tx.commit()?;
    get(conn, id, ctx.phone_region(), ctx.lang)
}

/// "Left the community": keeps the member and their history, reversibly.
pub fn mark_left(
    conn: &Connection,
    id: i64,
    on: NaiveDate,
    ctx: Ctx,
) -> Result<Member, MemberError> {
    let member = get(conn, id, ctx.phone_region(), ctx.lang)?;
    if on < member.joined_on || on > ctx.today {
        let start = &JOINED_ON;
        return Err(LEFT_ON
            .invalid(Problem::BeforeStart { value: on, start })
            .into());
    }
    conn.execute(
        "UPDATE members SET left_on = ?2, edits = edits + 1 WHERE id = ?1",
        params![id, on],
    )?;
    get(conn, id, ctx.phone_region(), ctx.lang)
}

/// Undoes "left": the member is current again.
pub fn rejoin(conn: &Connection, id: i64, ctx: Ctx) -> Result<Member, MemberError> {
    let sql = "UPDATE members SET left_on = NULL, edits = edits + 1 WHERE id = ?1";
    if conn.execute(sql, [id])? == 0 {
        return Err(MemberError::NotFound(id));
    }
    get(conn, id, ctx.phone_region(), ctx.lang)
}

/// Counts a change the owner made to member `id` beyond its own row (a customer linked to it),
/// as `update` counts theirs: undo of the member's list asks before removing a changed member.
pub fn touch(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE members SET edits = edits + 1 WHERE id = ?1", [id])?;
    Ok(())
}

/// The members batch `batch_id` brought: how many, and the names ([`label`]) of those changed
/// since.
pub fn of_batch(
    conn: &Connection,
    batch_id: i64,
    ctx: Ctx,
) -> rusqlite::Result<(u64, Vec<String>)> {
    let mut changed = Vec::new();
    let mut count = 0;
    let sql = "SELECT name, phone, edits FROM members WHERE batch_id = ?1 ORDER BY name, id";
    each_row(conn, sql, [batch_id], |r| {
        count += 1;
        if r.get::<_, i64>(2)? > 0 {
            let (name, phone): (Option<String>, Option<String>) = (r.get(0)?, r.get(1)?);
            changed.push(label(
                name.as_deref(),
                phone.as_deref(),
                ctx.phone_region(),
                ctx.lang,
            ));
        }
        Ok(())
    })?;
    Ok((count, changed))
}

/// Removes the members batch `batch_id` brought (their tags go, their customers are unlinked),
/// or with `keep_changed` only those the owner has not changed since: the changed ones stay,
/// as if added by hand. Returns how many went.
pub fn remove_batch(conn: &Connection, batch_id: i64, keep_changed: bool) -> rusqlite::Result<u64> {
    if keep_changed {
        conn.execute(
            "UPDATE members SET batch_id = NULL WHERE batch_id = ?1 AND edits > 0",
            [batch_id],
        )?;
    }
    Ok(conn.execute("DELETE FROM members WHERE batch_id = ?1", [batch_id])? as u64)
}

/// The column that is the member (`shop::forget` checks that the member existed).
pub const MEMBER_ID: (&str, &str) = ("members", "id");

/// What forget does with the members' tables: tags, then the member's row (its id last).
pub const COLUMNS: &[Column] = &[
    column(
        "member_tags",
        "member_id",
        Kind::NamesMember(OnForget::DeleteRow),
    ),
    column("member_tags", "tag", Kind::Personal),
    column("members", "name", Kind::Personal),
    column("members", "phone", Kind::Personal),
    column("members", "wechat_name", Kind::Personal),
    column("members", "birthday", Kind::Personal),
    column("members", "joined_on", Kind::Personal),
    column("members", "left_on", Kind::Personal),
    column("members", "source", Kind::Personal),
    column("members", "notes", Kind::Personal),
    column("members", "id", Kind::NamesMember(OnForget::DeleteRow)),
];

const SELECT: &str = "
    SELECT m.id, m.name, m.phone, m.wechat_name, m.birthday, m.joined_on, m.source, m.notes,
           m.marketing_consent, m.left_on,
           (SELECT group_concat(tag, char(31)) FROM
               (SELECT tag FROM member_tags t WHERE t.member_id = m.id ORDER BY tag)) AS tags
    FROM members m";

/// `SELECT` without the tags, for a list that reads every tag in one query (`attach_tags`)
/// instead of one subquery per member.
const SELECT_UNTAGGED: &str = "
    SELECT m.id, m.name, m.phone, m.wechat_name, m.birthday, m.joined_on, m.source, m.notes,
           m.marketing_consent, m.left_on, NULL AS tags
    FROM members m";

fn from_row(row: &Row<'_>, phone_region: &str, lang: Lang) -> rusqlite::Result<Member> {
    let name: Option<String> = row.get(1)?;
    let phone: Option<String> = row.get(2)?;
    let source = MemberSource::parse(row.get_ref(6)?.as_str()?).unwrap_or(MemberSource::Other);
    let tags: Option<String> = row.get(10)?;
    Ok(Member {
        id: row.get(0)?,
        label: label(name.as_deref(), phone.as_deref(), phone_region, lang),
        name,
        phone_display: phone
            .as_deref()
            .map(|p| phone::display(p, phone_region, false)),
        phone,
        wechat_name: row.get(3)?,
        birthday: row.get(4)?,
        joined_on: row.get(5)?,
        source,
        notes: row.get(7)?,
        marketing_consent: row.get(8)?,
        left_on: row.get(9)?,
        tags: tags
            .map(|t| t.split('\u{1f}').map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

pub fn get(
    conn: &Connection,
    id: i64,
    phone_region: &str,
    lang: Lang,
) -> Result<Member, MemberError> {
    conn.query_row(&format!("{SELECT} WHERE m.id = ?1"), [id], |r| {
        from_row(r, phone_region, lang)
    })
    .optional()?
    .ok_or(MemberError::NotFound(id))
}

fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// What `query` asks of the members table: its status and its search, as one `WHERE` and its
/// three parameters (the list and the members page's keys share it).
struct Filter {
    status: &'static str,
    search: String,
    like: String,
    phone_like: String,
}

impl Filter {
    fn of(query: &MemberQuery) -> Filter {
        let status = match query.status {
            MemberStatus::Current => "m.left_on IS NULL",
            MemberStatus::Left => "m.left_on IS NOT NULL",
            MemberStatus::All => "1",
        };
        let search = query.search.trim();
        let digits: String = search.chars().filter(char::is_ascii_digit).collect();
        // A search of three or more digits (and nothing but phone punctuation) also looks in
        // phones.
        let phone_like = if digits.len() >= 3
            && search
                .chars()
                .all(|c| c.is_ascii_digit() || " -+()".contains(c))
        {
            like_pattern(&digits)
        } else {
            String::new()
        };
        Filter {
            status,
            like: like_pattern(search),
            search: search.to_string(),
            phone_like,
        }
    }

    fn sql(&self) -> String {
        format!(
            "{} AND (?1 = '' OR m.name LIKE ?2 ESCAPE '\\' OR m.wechat_name LIKE ?2 ESCAPE '\\'
             OR (?3 <> '' AND m.phone LIKE ?3 ESCAPE '\\')
             OR EXISTS (SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.tag LIKE ?2 ESCAPE '\\'))",
            self.status
        )
    }

    fn params(&self) -> [&str; 3] {
        [&self.search, &self.like, &self.phone_like]
    }

    /// Members of the status before the search: `found` when there is no search.
    fn total(&self, conn: &Connection, found: usize) -> rusqlite::Result<i64> {
        if self.search.is_empty() {
            return Ok(found as i64);
        }
        conn.query_row(
            &format!("SELECT count(*) FROM members m WHERE {}", self.status),
            [],
            |r| r.get(0),
        )
    }
}

pub fn list(
    conn: &Connection,
    query: &MemberQuery,
    phone_region: &str,
    lang: Lang,
) -> Result<MemberList, MemberError> {
    // By name, the order is ICU's (`sort_by_name`), not SQLite's.
    let order = match query.sort {
        MemberSort::Name => "m.id",
        MemberSort::JoinedNewest => "m.joined_on DESC, m.id DESC",
        MemberSort::JoinedOldest => "m.joined_on, m.id",
    };
    let filter = Filter::of(query);
    let sql = format!("{SELECT_UNTAGGED} WHERE {} ORDER BY {order}", filter.sql());
    let mut stmt = conn.prepare(&sql)?;
    let mut members = stmt
        .query_map(filter.params(), |r| from_row(r, phone_region, lang))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    attach_tags(conn, &mut members)?;
    if query.sort == MemberSort::Name {
        sort_by_name(&mut members, |m| &m.label, |m| m.id);
    }
    let total = filter.total(conn, members.len())?;
    Ok(MemberList { members, total })
}

/// A member as a list sorts them before it shows them: what every order needs, and no more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub id: i64,
    /// What the list sorts by name: the name, or a nameless member's label's word and phone
    /// (the label's own order, without formatting every phone).
    pub sorted_as: String,
    pub joined_on: NaiveDate,
    pub birthday: Option<NaiveDate>,
}

/// The members `query` finds, by name (`sort_by_name`), as keys to sort; and the members of
/// the status before the search. A page of them is then read whole by `by_ids`.
pub fn found(
    conn: &Connection,
    query: &MemberQuery,
    lang: Lang,
) -> Result<(Vec<Listed>, i64), MemberError> {
    let filter = Filter::of(query);
    let sql = format!(
        "SELECT m.id, coalesce(m.name, ?4 || m.phone), m.joined_on, m.birthday FROM members m
         WHERE {}",
        filter.sql()
    );
    let nameless = nameless(lang) + " ";
    let [search, like, phone_like] = filter.params();
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut listed = stmt
        .query_map(params![search, like, phone_like, nameless], |r| {
            Ok(Listed {
                id: r.get(0)?,
                sorted_as: r.get(1)?,
                joined_on: r.get(2)?,
                birthday: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    sort_by_name(&mut listed, |m| &m.sorted_as, |m| m.id);
    let total = filter.total(conn, listed.len())?;
    Ok((listed, total))
}

/// The members `ids`, whole, in the order of `ids` (ids of no member are left out).
pub fn by_ids(
    conn: &Connection,
    ids: &[i64],
    phone_region: &str,
    lang: Lang,
) -> Result<Vec<Member>, MemberError> {
    let mut members = Vec::with_capacity(ids.len());
    // SQLite takes at most 32,766 parameters in one statement.
    for chunk in ids.chunks(10_000) {
        let marks = vec!["?"; chunk.len()].join(",");
        let mut stmt = conn.prepare(&format!("{SELECT_UNTAGGED} WHERE m.id IN ({marks})"))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(chunk), |r| {
            from_row(r, phone_region, lang)
        })?;
        for m in rows {
            members.push(m?);
        }
    }
    attach_tags_of(conn, &mut members, ids.len() < 1_000)?;
    let place: FxHashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    members.sort_by_key(|m| place.get(&m.id).copied());
    Ok(members)
}

/// How members `ids` are shown ([`label`]), by id (ids of no member are left out): their names
/// and phones only, for a list that names people other rooms hold (a group's members, the
/// moderation log).
pub fn labels(
    conn: &Connection,
    ids: &[i64],
    phone_region: &str,
    lang: Lang,
) -> rusqlite::Result<FxHashMap<i64, String>> {
    let mut out = FxHashMap::default();
    // SQLite takes at most 32,766 parameters in one statement.
    for chunk in ids.chunks(10_000) {
        let marks = vec!["?"; chunk.len()].join(",");
        let mut stmt = conn.prepare(&format!(
            "SELECT id, name, phone FROM members WHERE id IN ({marks})"
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(chunk))?;
        while let Some(r) = rows.next()? {
            let (name, phone): (Option<String>, Option<String>) = (r.get(1)?, r.get(2)?);
            out.insert(
                r.get(0)?,
                label(name.as_deref(), phone.as_deref(), phone_region, lang),
            );
        }
    }
    Ok(out)
}

/// Gives each of `members` its tags (in tag order): one read of every tag, not one per member.
fn attach_tags(conn: &Connection, members: &mut [Member]) -> rusqlite::Result<()> {
    attach_tags_of(conn, members, false)
}

/// As `attach_tags`; with `each`, one indexed read per member instead (for a page of a list).
fn attach_tags_of(conn: &Connection, members: &mut [Member], each: bool) -> rusqlite::Result<()> {
    if each {
        let mut stmt =
            conn.prepare_cached("SELECT tag FROM member_tags WHERE member_id = ?1 ORDER BY tag")?;
        for m in members.iter_mut() {
            m.tags = stmt
                .query_map([m.id], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()?;
        }
        return Ok(());
    }
    let position: FxHashMap<i64, usize> =
        members.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let mut stmt =
        conn.prepare_cached("SELECT member_id, tag FROM member_tags ORDER BY member_id, tag")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        if let Some(&i) = position.get(&r.get::<_, i64>(0)?) {
            members[i].tags.push(r.get(1)?);
        }
    }
    Ok(())
}

/// Sorts `items` by `name` as people read names: Chinese by pinyin (王 under W, 陈 under C), then
/// other scripts, by ICU's Chinese collation; items of one name by `id`.
pub fn sort_by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str, id: impl Fn(&T) -> i64) {
    use icu_collator::{Collator, CollatorBorrowed, options::CollatorOptions};
    static COLLATOR: LazyLock<Option<CollatorBorrowed<'static>>> = LazyLock::new(|| {
        Collator::try_new(
            icu_locale_core::locale!("zh").into(),
            CollatorOptions::default(),
        )
        .ok()
    });
    // One sort key per name, not a collation per comparison; and remembered, since a list sorts
    // the same names again at each search or sort (a key is ~1 µs of ICU's work).
    static KEYS: LazyLock<Mutex<FxHashMap<String, Arc<[u8]>>>> = LazyLock::new(Default::default);
    const KEPT: usize = 100_000;
    let (Some(collator), Ok(mut keys)) = (COLLATOR.as_ref(), KEYS.lock()) else {
        return items.sort_by(|a, b| name(a).cmp(name(b)).then(id(a).cmp(&id(b))));
    };
    if keys.len() >= KEPT {
        keys.clear();
    }
    for item in items.iter() {
        if !keys.contains_key(name(item)) {
            let mut key = Vec::new();
            let Ok(()) = collator.write_sort_key_to(name(item), &mut key);
            keys.insert(name(item).to_string(), key.into());
        }
    }
    items.sort_by_cached_key(|item| (keys.get(name(item)).cloned(), id(item)));
}

/// The members with `tag`, by id.
pub fn with_tag(conn: &Connection, tag: &str) -> rusqlite::Result<Vec<i64>> {
    let mut stmt =
        conn.prepare("SELECT member_id FROM member_tags WHERE tag = ?1 ORDER BY member_id")?;
    let rows = stmt.query_map([tag], |r| r.get(0))?;
    rows.collect()
}

/// Member `id`'s phone (E.164), if they have one.
pub fn phone_of(conn: &Connection, id: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT phone FROM members WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .optional()
    .map(Option::flatten)
}

pub fn count(conn: &Connection) -> Result<i64, MemberError> {
    Ok(conn.query_row("SELECT count(*) FROM members", [], |r| r.get(0))?)
}

/// Whether member `id` exists.
pub fn exists(conn: &Connection, id: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT count(*) > 0 FROM members WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
}

/// A member as the lists and the review name them: the phone in E.164, formatted only by the
/// few places that show it.
pub struct Roster {
    pub id: i64,
    /// `None` for a nameless member: shown by [`label`].
    pub name: Option<String>,
    pub wechat_name: Option<String>,
    pub phone: Option<String>,
    pub joined: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
    pub consent: bool,
    pub birthday: Option<NaiveDate>,
}

fn day(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
}

/// Every member, current or not, in the order they joined (then by id): one query for a list
/// that names many.
pub fn roster(conn: &Connection) -> rusqlite::Result<Vec<Roster>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, phone, joined_on, left_on, marketing_consent, birthday, wechat_name
         FROM members ORDER BY joined_on, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(Roster {
            id: r.get(0)?,
            name: r.get(1)?,
            phone: r.get(2)?,
            joined: day(r.get(3)?),
            left: day(r.get(4)?),
            consent: r.get(5)?,
            birthday: day(r.get(6)?),
            wechat_name: r.get(7)?,
        })
    })?;
    rows.collect()
}

/// A current member as a list names them: the phone in E.164, formatted only where it is shown.
pub struct Contact {
    pub id: i64,
    /// `None` for a nameless member: shown by [`label`].
    pub name: Option<String>,
    pub wechat_name: Option<String>,
    pub phone: Option<String>,
    pub consent: bool,
    pub birthday: Option<NaiveDate>,
}

const CONTACTS: &str = "SELECT id, name, phone, marketing_consent, birthday, wechat_name FROM members WHERE left_on IS NULL";

/// The current members `CONTACTS` finds with `filter` (`AND …`) on `values`, by id.
fn contacts(
    conn: &Connection,
    filter: &str,
    values: &[rusqlite::types::Value],
) -> rusqlite::Result<HashMap<i64, Contact>> {
    let marks = vec!["?"; values.len()].join(", ");
    let mut stmt = conn.prepare(&format!("{CONTACTS} AND {filter} IN ({marks})"))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| {
        Ok(Contact {
            id: r.get(0)?,
            name: r.get(1)?,
            phone: r.get(2)?,
            consent: r.get(3)?,
            birthday: day(r.get(4)?),
            wechat_name: r.get(5)?,
        })
    })?;
    rows.map(|c| c.map(|c| (c.id, c))).collect()
}

/// The first `n` of `candidates`, in their order, who are current members: read a few at a time,
/// so that a list of eight never reads the whole member list.
pub fn first_current(
    conn: &Connection,
    candidates: &[i64],
    n: usize,
) -> rusqlite::Result<Vec<Contact>> {
    let mut out = Vec::new();
    for chunk in candidates.chunks(32) {
        if out.len() >= n {
            break;
        }
        let ids: Vec<rusqlite::types::Value> = chunk.iter().map(|&id| id.into()).collect();
        let mut found = contacts(conn, "id", &ids)?;
        out.extend(
            chunk
                .iter()
                .filter_map(|id| found.remove(id))
                .take(n - out.len()),
        );
    }
    Ok(out)
}

/// The current members whose birthday falls on one of `days` (in any year; a 29 February
/// birthday falls on the 28th in a year without one).
pub fn with_birthday_on(conn: &Connection, days: &[NaiveDate]) -> rusqlite::Result<Vec<Contact>> {
    let mut month_days: Vec<String> = days.iter().map(|d| d.format("%m-%d").to_string()).collect();
    let no_29th = |d: &NaiveDate| NaiveDate::from_ymd_opt(d.year(), 2, 29).is_none();
    if days
        .iter()
        .any(|d| d.month() == 2 && d.day() == 28 && no_29th(d))
    {
        month_days.push("02-29".into());
    }
    let values: Vec<rusqlite::types::Value> = month_days.into_iter().map(Into::into).collect();
    let mut found: Vec<Contact> = contacts(conn, "substr(birthday, 6)", &values)?
        .into_values()
        .collect();
    found.sort_by_key(|c| c.id);
    Ok(found)
}

/// Each member's `(id, joined, left)`, for the KPIs: members whose joined date cannot be read
/// are left out.
pub fn each_span(
    conn: &Connection,
    mut f: impl FnMut(i64, NaiveDate, Option<NaiveDate>),
) -> rusqlite::Result<()> {
    each_row(
        conn,
        "SELECT id, joined_on, left_on FROM members",
        [],
        |r| {
            if let Some(joined) = day(r.get(1)?) {
                f(r.get(0)?, joined, day(r.get(2)?));
            }
            Ok(())
        },
    )
}

/// Each member's phone (E.164) with their id, for the import to link new customers by phone.
pub fn each_phone(conn: &Connection, mut f: impl FnMut(String, i64)) -> rusqlite::Result<()> {
    let sql = "SELECT phone, id FROM members WHERE phone IS NOT NULL";
    each_row(conn, sql, [], |r| {
        f(r.get(0)?, r.get(1)?);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::open_in_memory;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 9).expect("date")
    }

    fn ctx() -> Ctx {
        Ctx::on("CN", today())
    }

    fn taken(by: &str) -> MemberError {
        PHONE.invalid(Problem::Taken { by: by.into() }).into()
    }

    fn input(name: &str, phone: &str) -> MemberInput {
        MemberInput {
            name: name.into(),
            phone: phone.into(),
            wechat_name: String::new(),
            birthday: None,
            joined_on: today(),
            source: MemberSource::InStore,
            tags: vec![],
            notes: String::new(),
            marketing_consent: true,
        }
    }

    fn names(list: &MemberList) -> Vec<&str> {
        list.members.iter().map(|m| m.label.as_str()).collect()
    }

    fn search(conn: &Connection, text: &str) -> Vec<String> {
        let q = MemberQuery {
            search: text.into(),
            ..Default::default()
        };
        names(&list(conn, &q, "CN", Lang::Zh).expect("list"))
            .into_iter()
            .map(String::from)
            .collect()
    }

    #[test]
    fn add_normalises_the_phone_and_reads_back_everything() {
        let mut conn = open_in_memory().expect("db");
        let mut i = input("  王小麦 ", "+86 138-1234-1234");
        i.tags = vec!["烘焙爱好者".into(), " 咖啡控 ".into(), "烘焙爱好者".into()];
        i.birthday = NaiveDate::from_ymd_opt(1990, 3, 12);
        i.wechat_name = "小麦🌾".into();
        let m = add(&mut conn, &i, ctx()).expect("add");
        assert_eq!(m.name.as_deref(), Some("王小麦"));
        assert_eq!(m.phone.as_deref(), Some("+8613812341234"));
        assert_eq!(m.phone_display.as_deref(), Some("138 1234 1234"));
        assert_eq!(m.tags, vec!["咖啡控", "烘焙爱好者"]);
        assert_eq!(m.wechat_name.as_deref(), Some("小麦🌾"));
        assert_eq!(m.birthday, NaiveDate::from_ymd_opt(1990, 3, 12));
    }

    fn check_refused(input: MemberInput, field: &str) {
        let mut conn = open_in_memory().expect("db");
        add(&mut conn, &self::input("已有", "13900000000"), ctx()).expect("seed");
        let err = add(&mut conn, &input, ctx()).expect_err(field);
        assert_eq!(err.field(), Some(field), "{err}");
        for lang in [Lang::Zh, Lang::En] {
            assert!(!err.message(lang).is_empty());
        }
        assert_eq!(
            count(&conn).expect("count"),
            1,
            "nothing written for {field}"
        );
    }

    /// A member with a phone may have no name: they are shown as "顾客 138****5678" in the list,
    /// its order and the phone-taken error, never by their whole phone; one with neither is
    /// refused on the name.
    #[test]
    fn a_nameless_member_is_shown_by_their_masked_phone() {
        let mut conn = open_in_memory().expect("db");
        let m = add(&mut conn, &input("  ", "138 1234 5678"), ctx()).expect("nameless");
        assert_eq!(m.name, None);
        assert_eq!(m.label, "顾客 138****5678");
        let en = get(&conn, m.id, "CN", Lang::En).expect("get");
        assert_eq!(en.label, "Customer 138****5678");
        add(&mut conn, &input("王小麦", ""), ctx()).expect("named");
        add(&mut conn, &input("Anna", ""), ctx()).expect("named");
        let q = MemberQuery::default();
        assert_eq!(
            names(&list(&conn, &q, "CN", Lang::Zh).expect("list")),
            ["顾客 138****5678", "王小麦", "Anna"],
            "by pinyin: 顾 (gu) before 王 (wang)"
        );
        let (found, _) = super::found(&conn, &q, Lang::Zh).expect("found");
        let ids: Vec<i64> = found.iter().map(|l| l.id).collect();
        assert_eq!(
            ids[0], m.id,
            "the paged list sorts them as the whole list does"
        );
        let taken = add(&mut conn, &input("B", "13812345678"), ctx()).expect_err("taken");
        assert_eq!(taken, self::taken("顾客 138****5678"));
        check_refused(input("", ""), "name");
    }

    #[test]
    fn invalid_input_names_the_field_and_writes_nothing() {
        check_refused(input(" ", ""), "name");
        check_refused(input(&"长".repeat(81), ""), "name");
        check_refused(input("A", "12345"), "phone");
        check_refused(input("A", "139 0000 0000"), "phone");
        check_refused(
            MemberInput {
                birthday: Some(today()),
                ..input("A", "")
            },
            "birthday",
        );
        check_refused(
            MemberInput {
                birthday: NaiveDate::from_ymd_opt(1899, 1, 1),
                ..input("A", "")
            },
            "birthday",
        );
        check_refused(
            MemberInput {
                joined_on: today().succ_opt().expect("date"),
                ..input("A", "")
            },
            "joined_on",
        );
        check_refused(
            MemberInput {
                tags: vec!["a,b".into()],
                ..input("A", "")
            },
            "tags",
        );
        check_refused(
            MemberInput {
                tags: vec!["x".repeat(21)],
                ..input("A", "")
            },
            "tags",
        );
        check_refused(
            MemberInput {
                tags: (0..21).map(|i| i.to_string()).collect(),
                ..input("A", "")
            },
            "tags",
        );
        check_refused(
            MemberInput {
                notes: "n".repeat(2001),
                ..input("A", "")
            },
            "notes",
        );
    }

    #[test]
    fn the_phone_taken_error_names_the_other_member() {
        let mut conn = open_in_memory().expect("db");
        add(&mut conn, &input("李面包", "13812341234"), ctx()).expect("first");
        let err = add(&mut conn, &input("张三", "+8613812341234"), ctx()).expect_err("taken");
        assert_eq!(err, taken("李面包"));
        assert!(err.message(Lang::Zh).contains("李面包"));
    }

    #[test]
    fn update_may_keep_its_own_phone_but_not_take_anothers() {
        let mut conn = open_in_memory().expect("db");
        let a = add(&mut conn, &input("A", "13812341234"), ctx()).expect("a");
        add(&mut conn, &input("B", "13912341234"), ctx()).expect("b");
        let renamed =
            update(&mut conn, a.id, &input("A2", "138 1234 1234"), ctx()).expect("same phone");
        assert_eq!(renamed.label, "A2");
        let err = update(&mut conn, a.id, &input("A3", "13912341234"), ctx()).expect_err("taken");
        assert_eq!(err, taken("B"));
        assert_eq!(get(&conn, a.id, "CN", Lang::Zh).expect("get").label, "A2");
        assert_eq!(
            update(&mut conn, 999, &input("X", ""), ctx()),
            Err(MemberError::NotFound(999))
        );
    }

    #[test]
    fn search_matches_name_wechat_phone_and_tag() {
        let mut conn = open_in_memory().expect("db");
        let mut a = input("王小麦", "13812341234");
        a.tags = vec!["烘焙爱好者".into()];
        let mut b = input("Lily Chen", "13998765432");
        b.wechat_name = "lily_bakes".into();
        add(&mut conn, &a, ctx()).expect("a");
        add(&mut conn, &b, ctx()).expect("b");
        add(&mut conn, &input("100% Rye", ""), ctx()).expect("c");
        assert_eq!(search(&conn, "小麦"), ["王小麦"]);
        assert_eq!(search(&conn, "LILY"), ["Lily Chen"]);
        assert_eq!(search(&conn, "bakes"), ["Lily Chen"]);
        assert_eq!(search(&conn, "1234"), ["王小麦"]);
        assert_eq!(search(&conn, "138 1234"), ["王小麦"]);
        assert_eq!(search(&conn, "烘焙"), ["王小麦"]);
        assert_eq!(search(&conn, "100%"), ["100% Rye"]);
        assert_eq!(search(&conn, "%"), ["100% Rye"], "wildcards are literal");
        assert_eq!(search(&conn, "").len(), 3);
    }

    #[test]
    fn chinese_names_sort_by_pinyin() {
        let mut conn = open_in_memory().expect("db");
        for name in ["张伟", "王小麦", "李可颂", "陈一诺", "赵静", "阿明", "Anna"] {
            add(&mut conn, &input(name, ""), ctx()).expect("add");
        }
        let l = list(&conn, &MemberQuery::default(), "CN", Lang::Zh).expect("list");
        let names: Vec<&str> = l.members.iter().map(|m| m.label.as_str()).collect();
        // a(明), chen, li, wang, zhang, zhao — not by code point (张 U+5F20 before 李 U+674E).
        assert_eq!(
            names,
            ["阿明", "陈一诺", "李可颂", "王小麦", "张伟", "赵静", "Anna"]
        );
    }

    #[test]
    fn sort_orders_and_total_counts_the_status() {
        let mut conn = open_in_memory().expect("db");
        for (name, day) in [("b", 3), ("a", 1), ("c", 2)] {
            let i = MemberInput {
                joined_on: NaiveDate::from_ymd_opt(2026, 2, day).expect("d"),
                ..input(name, "")
            };
            add(&mut conn, &i, ctx()).expect("add");
        }
        let by = |sort| {
            let l = list(
                &conn,
                &MemberQuery {
                    sort,
                    ..Default::default()
                },
                "CN",
                Lang::Zh,
            )
            .expect("list");
            l.members
                .iter()
                .map(|m| m.label.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(by(MemberSort::Name), ["a", "b", "c"]);
        assert_eq!(by(MemberSort::JoinedNewest), ["b", "c", "a"]);
        assert_eq!(by(MemberSort::JoinedOldest), ["a", "c", "b"]);
        let narrowed = list(
            &conn,
            &MemberQuery {
                search: "a".into(),
                ..Default::default()
            },
            "CN",
            Lang::Zh,
        )
        .expect("list");
        assert_eq!((narrowed.members.len(), narrowed.total), (1, 3));
    }

    #[test]
    fn left_is_reversible_and_forget_erases() {
        let mut conn = open_in_memory().expect("db");
        let mut i = input("赵蛋挞", "13812341234");
        i.joined_on = NaiveDate::from_ymd_opt(2026, 1, 5).expect("d");
        i.tags = vec!["KOC".into()];
        let m = add(&mut conn, &i, ctx()).expect("add");
        let too_early = NaiveDate::from_ymd_opt(2026, 1, 4).expect("d");
        assert_eq!(
            mark_left(&conn, m.id, too_early, ctx()),
            Err(MemberError::Invalid(LEFT_ON.invalid(
                Problem::BeforeStart {
                    value: too_early,
                    start: &JOINED_ON
                }
            )))
        );
        let left = mark_left(&conn, m.id, today(), ctx()).expect("left");
        assert_eq!(left.left_on, Some(today()));
        assert!(
            search(&conn, "赵").is_empty(),
            "left members leave the current list"
        );
        let all = list(
            &conn,
            &MemberQuery {
                status: MemberStatus::Left,
                ..Default::default()
            },
            "CN",
            Lang::Zh,
        )
        .expect("l");
        assert_eq!(names(&all), ["赵蛋挞"]);
        assert_eq!(rejoin(&conn, m.id, ctx()).expect("rejoin").left_on, None);

        let rejects = tempfile::tempdir().expect("rejects");
        crate::shop::forget::member(&mut conn, m.id, rejects.path()).expect("forget");
        assert_eq!(
            get(&conn, m.id, "CN", Lang::Zh),
            Err(MemberError::NotFound(m.id))
        );
        let leftovers: i64 = conn
            .query_row("SELECT count(*) FROM member_tags", [], |r| r.get(0))
            .expect("tags");
        assert_eq!(leftovers, 0);
        // The phone is free again, once the owner says so: the person is gone, not hidden.
        let again = input("新人", "13812341234");
        assert_eq!(add(&mut conn, &again, ctx()), Err(MemberError::Forgotten));
        add_again(&mut conn, &again, ctx()).expect("phone reusable");
        let next = input("又一位", "13912349999");
        add(&mut conn, &next, ctx()).expect("other phones are not asked about");
        assert_eq!(
            crate::shop::forget::member(&mut conn, m.id, rejects.path()),
            Err(MemberError::NotFound(m.id))
        );
    }

    #[test]
    fn add_all_is_all_or_nothing() {
        let mut conn = open_in_memory().expect("db");
        let batch = [
            input("A", "13812341234"),
            input("B", ""),
            input("C", "13812341234"),
        ];
        let (at, err) = add_all(&mut conn, &batch, ctx()).expect_err("duplicate phone");
        assert_eq!((at, err), (2, taken("A")));
        assert_eq!(count(&conn).expect("count"), 0);
        assert_eq!(add_all(&mut conn, &batch[..2], ctx()).expect("ok").len(), 2);
    }

    #[test]
    fn split_tags_accepts_chinese_and_western_separators() {
        assert_eq!(
            split_tags("烘焙爱好者、咖啡控; weekend ,，"),
            ["烘焙爱好者", "咖啡控", "weekend"]
        );
    }

    /// The UI splits tags too (`ui/src/lib/format.ts`): both are tested on the same cases.
    #[test]
    fn splits_the_shared_cases_as_the_ui_does() {
        let twins: serde_json::Value = serde_json::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/twins.json"
        )))
        .expect("twins.json");
        let cases = twins["tags"].as_array().expect("tag cases");
        assert!(cases.len() >= 3);
        for c in cases {
            let expected: Vec<String> = serde_json::from_value(c["tags"].clone()).expect("tags");
            assert_eq!(
                split_tags(c["text"].as_str().expect("text")),
                expected,
                "{c}"
            );
        }
    }

    /// The dashboard's lists read only the members they name: the first current ones among
    /// candidates, and those whose birthday is in the days asked (29 February on the 28th in a
    /// year without it); members who left are never listed.
    #[test]
    fn lists_read_only_the_members_they_name() {
        let mut conn = open_in_memory().expect("db");
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("d");
        let with_birthday = |name: &str, b: NaiveDate| MemberInput {
            birthday: Some(b),
            ..input(name, "")
        };
        let leap = add(&mut conn, &with_birthday("Leap", d(2000, 2, 29)), ctx()).expect("a");
        let march = add(&mut conn, &with_birthday("March", d(1990, 3, 1)), ctx()).expect("b");
        let gone = add(&mut conn, &with_birthday("Gone", d(1991, 3, 1)), ctx()).expect("c");
        let later = add(&mut conn, &with_birthday("Later", d(1992, 3, 9)), ctx()).expect("d");
        mark_left(&conn, gone.id, today(), ctx()).expect("left");
        // 2027 has no 29 February: the week from 26 February holds the 28th.
        let week: Vec<NaiveDate> = (0..7)
            .map(|i| d(2027, 2, 26) + chrono::Days::new(i))
            .collect();
        let found = with_birthday_on(&conn, &week).expect("birthdays");
        let ids: Vec<i64> = found.iter().map(|c| c.id).collect();
        assert_eq!(ids, [leap.id, march.id]);
        let first =
            first_current(&conn, &[gone.id, later.id, march.id, leap.id], 2).expect("first");
        let ids: Vec<i64> = first.iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            [later.id, march.id],
            "in the candidates' order, left members skipped"
        );
        assert_eq!(first[0].name.as_deref(), Some("Later"));
    }
}
