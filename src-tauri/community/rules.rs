//! A group's rules (群规): a numbered list, revised over time. Every change — a rule added,
//! removed, reworded or moved — is a new dated revision with a reason, holding the whole list;
//! a review that changes nothing is a revision too (the same list, kind `review`). Nothing is
//! updated in place: the current rules are the highest revision's, and the rules in force on a
//! day are those of the last revision dated on or before it. A rule keeps its id across
//! revisions, so two revisions compare rule by rule (`diff`).

use super::{CommunityError, Thing, coded, groups, templates, text};
use crate::check::{Field, Problem, field};
use crate::i18n::Lang;
use crate::privacy::{Column, Kind, column};
use crate::settings::ctx::Ctx;
use chrono::{Months, NaiveDate};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

coded! {
    RevisionKind {
        First = "first", "首版", "first version";
        Change = "change", "修订", "change";
        Review = "review", "复查，无改动", "reviewed, no change";
    }
}

/// One rule as a revision numbers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Rule {
    /// The rule's id within its group, the same in every revision.
    #[ts(type = "number")]
    pub rule_id: i64,
    /// Its number in this revision: 1, 2, …
    #[ts(type = "number")]
    pub number: i64,
    pub title: String,
    pub body: String,
}

impl Rule {
    /// The rule as kept in a new revision.
    pub fn draft(&self) -> RuleDraft {
        RuleDraft {
            rule_id: Some(self.rule_id),
            title: self.title.clone(),
            body: self.body.clone(),
        }
    }
}

/// A rule as the editor sends it: an existing rule by its id, or a new one (`None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RuleDraft {
    #[ts(type = "number | null")]
    pub rule_id: Option<i64>,
    pub title: String,
    pub body: String,
}

/// A new revision: the whole list in its new order, the day and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RevisionInput {
    pub on: NaiveDate,
    pub reason: String,
    pub rules: Vec<RuleDraft>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Revision {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub group_id: i64,
    /// 1, 2, … within the group.
    #[ts(type = "number")]
    pub number: i64,
    pub on: NaiveDate,
    pub kind: RevisionKind,
    pub reason: String,
    pub rules: Vec<Rule>,
}

pub const TITLE_MAX: usize = 40;
pub const BODY_MAX: usize = 300;
pub const RULES_MAX: usize = 30;
pub const REASON_MAX: usize = 200;

pub static ON: Field = field("on", "修订日期", "revision date");
pub static REASON: Field = field("reason", "修订原因", "reason");
pub static RULES: Field = field("rules", "群规", "rule");
pub static TITLE: Field = field("rules", "群规标题", "rule title");
pub static BODY: Field = field("rules", "群规内容", "rule text");

/// The template rules in `lang`, as drafts of a first revision.
pub fn templates(lang: Lang) -> Vec<RuleDraft> {
    templates::rules(lang)
        .into_iter()
        .map(|(title, body)| RuleDraft {
            rule_id: None,
            title: title.to_string(),
            body: body.to_string(),
        })
        .collect()
}

/// Writes a new revision of the group's rules: the first, or a change of the current list.
/// Refused with `Unchanged` when the list is the current one (a review says so instead).
pub fn revise(
    conn: &mut Connection,
    group: i64,
    input: &RevisionInput,
    ctx: Ctx,
) -> Result<Revision, CommunityError> {
    groups::must_exist(conn, group)?;
    let current = current(conn, group)?;
    let kind = if current.is_some() {
        RevisionKind::Change
    } else {
        RevisionKind::First
    };
    let reason = text(
        &input.reason,
        &REASON,
        REASON_MAX,
        kind == RevisionKind::Change,
    )?;
    let on = revision_day(conn, group, input.on, current.as_ref(), ctx)?;
    if input.rules.is_empty() {
        return Err(RULES.invalid(Problem::Required).into());
    }
    if input.rules.len() > RULES_MAX {
        return Err(RULES.invalid(Problem::TooMany { max: RULES_MAX }).into());
    }
    let known: Vec<i64> = current
        .as_ref()
        .map(|c| c.rules.iter().map(|r| r.rule_id).collect())
        .unwrap_or_default();
    let mut seen = Vec::new();
    let mut drafts = Vec::with_capacity(input.rules.len());
    for d in &input.rules {
        let title = text(&d.title, &TITLE, TITLE_MAX, true)?;
        let body = text(&d.body, &BODY, BODY_MAX, false)?;
        if let Some(id) = d.rule_id
            && (!known.contains(&id) || seen.contains(&id))
        {
            return Err(RULES
                .invalid(Problem::Unknown {
                    value: id.to_string(),
                })
                .into());
        }
        seen.extend(d.rule_id);
        drafts.push((d.rule_id, title, body));
    }
    if let Some(c) = &current {
        let same = c.rules.len() == drafts.len()
            && c.rules.iter().zip(&drafts).all(|(r, (id, title, body))| {
                Some(r.rule_id) == *id && r.title == *title && r.body == *body
            });
        if same {
            return Err(CommunityError::Unchanged);
        }
    }
    let tx = conn.transaction()?;
    let mut next_rule: i64 = tx.query_row(
        "SELECT coalesce(max(t.rule_id), 0) + 1 FROM rule_texts t
         JOIN rule_revisions r ON r.id = t.revision_id WHERE r.group_id = ?1",
        [group],
        |r| r.get(0),
    )?;
    let rules: Vec<Rule> = drafts
        .into_iter()
        .zip(1..)
        .map(|((id, title, body), number)| Rule {
            rule_id: id.unwrap_or_else(|| {
                next_rule += 1;
                next_rule - 1
            }),
            number,
            title,
            body,
        })
        .collect();
    let revision = write(&tx, group, on, kind, &reason, rules, ctx)?;
    tx.commit()?;
    Ok(revision)
}

/// Records that the owner went through the group's rules on `on` and changed nothing.
pub fn review(
    conn: &mut Connection,
    group: i64,
    on: NaiveDate,
    note: &str,
    ctx: Ctx,
) -> Result<Revision, CommunityError> {
    groups::must_exist(conn, group)?;
    let current = current(conn, group)?.ok_or(CommunityError::NoRules(group))?;
    let note = text(note, &REASON, REASON_MAX, false)?;
    let on = revision_day(conn, group, on, Some(&current), ctx)?;
    let tx = conn.transaction()?;
    let revision = write(
        &tx,
        group,
        on,
        RevisionKind::Review,
        &note,
        current.rules,
        ctx,
    )?;
    tx.commit()?;
    Ok(revision)
}

/// A revision's day: not in the future, not before the group was made or the last revision.
fn revision_day(
    conn: &Connection,
    group: i64,
    on: NaiveDate,
    current: Option<&Revision>,
    ctx: Ctx,
) -> Result<NaiveDate, CommunityError> {
    let on = groups::day_in(conn, group, on, &ON, ctx.today)?;
    if let Some(c) = current
        && on < c.on
    {
        return Err(ON
            .invalid(Problem::BeforeDay {
                value: on,
                earliest: c.on,
            })
            .into());
    }
    Ok(on)
}

fn write(
    tx: &Connection,
    group: i64,
    on: NaiveDate,
    kind: RevisionKind,
    reason: &str,
    rules: Vec<Rule>,
    ctx: Ctx,
) -> Result<Revision, CommunityError> {
    let number: i64 = tx.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM rule_revisions WHERE group_id = ?1",
        [group],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO rule_revisions(group_id, number, on_day, kind, reason, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![group, number, on, kind.code(), reason, ctx.now],
    )?;
    let id = tx.last_insert_rowid();
    let mut stmt = tx.prepare(
        "INSERT INTO rule_texts(revision_id, rule_id, position, title, body)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for r in &rules {
        stmt.execute(params![id, r.rule_id, r.number, r.title, r.body])?;
    }
    Ok(Revision {
        id,
        group_id: group,
        number,
        on,
        kind,
        reason: reason.to_string(),
        rules,
    })
}

/// The group's revisions, newest first, without their rules.
pub fn history(conn: &Connection, group: i64) -> Result<Vec<Revision>, CommunityError> {
    heads(
        conn,
        "WHERE group_id = ?1 ORDER BY number DESC",
        params![group],
    )
}

fn heads(
    conn: &Connection,
    tail: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<Revision>, CommunityError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT id, group_id, number, on_day, kind, reason FROM rule_revisions {tail}"
    ))?;
    let rows = stmt.query_map(args, |r| {
        Ok(Revision {
            id: r.get(0)?,
            group_id: r.get(1)?,
            number: r.get(2)?,
            on: r.get(3)?,
            kind: RevisionKind::parse(r.get_ref(4)?.as_str()?).unwrap_or(RevisionKind::Change),
            reason: r.get(5)?,
            rules: Vec::new(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// `head` with its rules.
fn with_rules(conn: &Connection, mut head: Revision) -> Result<Revision, CommunityError> {
    let mut stmt = conn.prepare_cached(
        "SELECT rule_id, position, title, body FROM rule_texts WHERE revision_id = ?1
         ORDER BY position",
    )?;
    head.rules = stmt
        .query_map([head.id], |r| {
            Ok(Rule {
                rule_id: r.get(0)?,
                number: r.get(1)?,
                title: r.get(2)?,
                body: r.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(head)
}

fn one(
    conn: &Connection,
    tail: &str,
    args: impl rusqlite::Params,
) -> Result<Option<Revision>, CommunityError> {
    match heads(conn, tail, args)?.into_iter().next() {
        Some(head) => Ok(Some(with_rules(conn, head)?)),
        None => Ok(None),
    }
}

/// Revision `number` of the group.
pub fn revision(conn: &Connection, group: i64, number: i64) -> Result<Revision, CommunityError> {
    one(
        conn,
        "WHERE group_id = ?1 AND number = ?2",
        params![group, number],
    )?
    .ok_or(CommunityError::NotFound(Thing::Revision, number))
}

/// The group's current rules: its highest revision.
pub fn current(conn: &Connection, group: i64) -> Result<Option<Revision>, CommunityError> {
    one(
        conn,
        "WHERE group_id = ?1 ORDER BY number DESC LIMIT 1",
        params![group],
    )
}

/// The revision whose words are the current rules: the last that was not a review (without its
/// rules), the day they came into force.
pub fn last_change(conn: &Connection, group: i64) -> Result<Option<Revision>, CommunityError> {
    Ok(heads(
        conn,
        "WHERE group_id = ?1 AND kind <> 'review' ORDER BY number DESC LIMIT 1",
        params![group],
    )?
    .pop())
}

/// The rules in force on `day`: the last revision dated on or before it.
pub fn in_force(
    conn: &Connection,
    group: i64,
    day: NaiveDate,
) -> Result<Option<Revision>, CommunityError> {
    one(
        conn,
        "WHERE group_id = ?1 AND on_day <= ?2 ORDER BY number DESC LIMIT 1",
        params![group, day],
    )
}

/// A group whose rules are due for a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReviewDue {
    #[ts(type = "number")]
    pub group_id: i64,
    pub group: String,
    /// The last revision's day (`None`: the group has no rules yet).
    pub last_on: Option<NaiveDate>,
}

/// The groups not archived whose last revision (a review included) is older than the
/// settings' months before `ctx.today`, and those without rules.
pub fn reviews_due(conn: &Connection, ctx: Ctx) -> Result<Vec<ReviewDue>, CommunityError> {
    let months = Months::new(u32::from(ctx.community.rules_review_months));
    let due_before = ctx.today.checked_sub_months(months).unwrap_or(ctx.today);
    let mut stmt = conn.prepare_cached(
        "SELECT g.id, g.name,
                (SELECT max(on_day) FROM rule_revisions r WHERE r.group_id = g.id AND on_day <= ?1)
         FROM chat_groups g WHERE g.status <> 'archived' AND g.created_on <= ?1
         ORDER BY g.created_on, g.id",
    )?;
    let rows = stmt.query_map([ctx.today], |r| {
        Ok(ReviewDue {
            group_id: r.get(0)?,
            group: r.get(1)?,
            last_on: r.get(2)?,
        })
    })?;
    let mut due = Vec::new();
    for row in rows {
        let row = row?;
        if row.last_on.is_none_or(|d| d <= due_before) {
            due.push(row);
        }
    }
    Ok(due)
}

/// The rules are the shop's own words for its group, no person's.
pub const COLUMNS: &[Column] = &[
    column("rule_revisions", "on_day", Kind::NotPersonal),
    column("rule_revisions", "kind", Kind::NotPersonal),
    column("rule_revisions", "reason", Kind::NotPersonal),
    column("rule_revisions", "recorded_at", Kind::NotPersonal),
    column("rule_texts", "title", Kind::NotPersonal),
    column("rule_texts", "body", Kind::NotPersonal),
];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::community::groups::tests::{day, input};
    use crate::i18n::UserError;
    use crate::store::open_in_memory;

    pub fn draft(id: Option<i64>, title: &str, body: &str) -> RuleDraft {
        RuleDraft {
            rule_id: id,
            title: title.into(),
            body: body.into(),
        }
    }

    #[test]
    fn every_revision_keeps_its_whole_list_and_the_current_is_the_highest() {
        let mut conn = open_in_memory().expect("db");
        let ctx = Ctx::on("CN", day("2026-06-01"));
        let g = groups::add(&conn, &input("群"), ctx).expect("group").id;
        assert_eq!(current(&conn, g), Ok(None));
        let first = revise(
            &mut conn,
            g,
            &RevisionInput {
                on: day("2026-01-10"),
                reason: String::new(),
                rules: templates(Lang::Zh),
            },
            ctx,
        )
        .expect("first");
        assert_eq!(
            (first.number, first.kind, first.rules.len()),
            (1, RevisionKind::First, 7)
        );
        assert_eq!(
            first.rules.iter().map(|r| r.rule_id).collect::<Vec<_>>(),
            (1..=7).collect::<Vec<_>>()
        );
        // Reword rule 2, drop rule 4, add one at the top.
        let mut rules: Vec<RuleDraft> = first.rules.iter().map(Rule::draft).collect();
        rules[1].body = "不连续发送无关内容。".into();
        rules.remove(3);
        rules.insert(0, draft(None, "新品试吃", "每周一新品试吃，先到先得。"));
        let change = RevisionInput {
            on: day("2026-03-01"),
            reason: "群里广告变少了，试吃多了".into(),
            rules,
        };
        let second = revise(&mut conn, g, &change, ctx).expect("second");
        assert_eq!((second.number, second.kind), (2, RevisionKind::Change));
        assert_eq!(second.rules[0].rule_id, 8, "a new rule gets a new id");
        assert_eq!(second.rules[0].number, 1);
        // The same list again is no revision.
        let again = RevisionInput {
            reason: "再存一次".into(),
            rules: second.rules.iter().map(Rule::draft).collect(),
            ..change.clone()
        };
        assert_eq!(
            revise(&mut conn, g, &again, ctx),
            Err(CommunityError::Unchanged)
        );
        // The first revision's words are all still there.
        assert_eq!(revision(&conn, g, 1).expect("rev 1"), first);
        assert_eq!(current(&conn, g).expect("current"), Some(second.clone()));
        // A review copies the list and dates it.
        let reviewed = review(&mut conn, g, day("2026-05-01"), "", ctx).expect("review");
        assert_eq!((reviewed.number, reviewed.kind), (3, RevisionKind::Review));
        assert_eq!(reviewed.rules, second.rules);
        assert_eq!(
            in_force(&conn, g, day("2026-02-28"))
                .expect("in force")
                .map(|r| r.number),
            Some(1)
        );
        assert_eq!(
            in_force(&conn, g, day("2026-01-09")).expect("in force"),
            None
        );
        assert_eq!(
            history(&conn, g)
                .expect("history")
                .iter()
                .map(|r| r.number)
                .collect::<Vec<_>>(),
            [3, 2, 1]
        );
    }

    #[test]
    fn a_revision_is_refused_before_the_last_one_without_a_reason_or_with_a_bad_rule() {
        let mut conn = open_in_memory().expect("db");
        let ctx = Ctx::on("CN", day("2026-06-01"));
        let g = groups::add(&conn, &input("群"), ctx).expect("group").id;
        let first = RevisionInput {
            on: day("2026-03-01"),
            reason: String::new(),
            rules: vec![draft(None, "不发广告", "")],
        };
        revise(&mut conn, g, &first, ctx).expect("first");
        let field_of = |conn: &mut Connection, input: RevisionInput| {
            revise(conn, g, &input, ctx).expect_err("refused").field()
        };
        let change = RevisionInput {
            on: day("2026-03-02"),
            reason: "加一条".into(),
            rules: vec![draft(Some(1), "不发广告", ""), draft(None, "友善", "")],
        };
        let cases = [
            (
                RevisionInput {
                    on: day("2026-02-28"),
                    ..change.clone()
                },
                "on",
            ),
            (
                RevisionInput {
                    on: day("2026-06-02"),
                    ..change.clone()
                },
                "on",
            ),
            (
                RevisionInput {
                    reason: " ".into(),
                    ..change.clone()
                },
                "reason",
            ),
            (
                RevisionInput {
                    rules: vec![],
                    ..change.clone()
                },
                "rules",
            ),
            (
                RevisionInput {
                    rules: vec![draft(None, "", "x")],
                    ..change.clone()
                },
                "rules",
            ),
            (
                RevisionInput {
                    rules: vec![draft(Some(9), "x", "")],
                    ..change.clone()
                },
                "rules",
            ),
            (
                RevisionInput {
                    rules: vec![draft(Some(1), "x", ""), draft(Some(1), "y", "")],
                    ..change.clone()
                },
                "rules",
            ),
        ];
        for (bad, field) in cases {
            assert_eq!(field_of(&mut conn, bad), Some(field));
        }
        assert_eq!(
            history(&conn, g).expect("history").len(),
            1,
            "nothing written"
        );
        // A review needs rules to review.
        let other = groups::add(&conn, &input("另一个群"), ctx)
            .expect("group")
            .id;
        assert_eq!(
            review(&mut conn, other, day("2026-03-01"), "", ctx),
            Err(CommunityError::NoRules(other))
        );
    }

    #[test]
    fn rules_are_due_for_a_review_months_after_their_last_revision() {
        let mut conn = open_in_memory().expect("db");
        let ctx = Ctx::on("CN", day("2026-06-01"));
        let fresh = groups::add(&conn, &input("新群"), ctx).expect("group").id;
        let old = groups::add(&conn, &input("老群"), ctx).expect("group").id;
        let bare = groups::add(&conn, &input("空群"), ctx).expect("group").id;
        for (g, on) in [(fresh, "2026-03-02"), (old, "2026-03-01")] {
            let first = RevisionInput {
                on: day(on),
                reason: String::new(),
                rules: vec![draft(None, "不发广告", "")],
            };
            revise(&mut conn, g, &first, ctx).expect("rules");
        }
        let due: Vec<(i64, Option<NaiveDate>)> = reviews_due(&conn, ctx)
            .expect("due")
            .into_iter()
            .map(|d| (d.group_id, d.last_on))
            .collect();
        assert_eq!(due, [(old, Some(day("2026-03-01"))), (bare, None)]);
        review(&mut conn, old, day("2026-05-20"), "看过了", ctx).expect("review");
        let six = Ctx {
            community: crate::settings::Community {
                rules_review_months: 6,
                ..Default::default()
            },
            ..ctx
        };
        assert_eq!(
            reviews_due(&conn, six)
                .expect("due")
                .iter()
                .map(|d| d.group_id)
                .collect::<Vec<_>>(),
            [bare]
        );
        assert_eq!(
            reviews_due(&conn, ctx)
                .expect("due")
                .iter()
                .map(|d| d.group_id)
                .collect::<Vec<_>>(),
            [bare]
        );
    }
}
