//! The rules card: one printable page (A5 or A4) to pin in the group — the group's name and
//! slogan, its current rules, the revision's number and date — in the shop's language. One
//! self-contained HTML document, written like the review: the window shows its `<article>`,
//! Save as HTML and the CLI's `rules card` write its bytes, Save as PDF prints the page on
//! screen. Every text from the owner's data is escaped.

use crate::community::CommunityError;
use crate::community::groups::{self, Group};
use crate::community::rules::{self, Revision};
use crate::i18n::Lang;
use crate::insight::html::esc;
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    #[default]
    A5,
    A4,
}

impl Paper {
    pub fn parse(text: &str) -> Option<Paper> {
        match text.to_ascii_lowercase().as_str() {
            "a5" => Some(Paper::A5),
            "a4" => Some(Paper::A4),
            _ => None,
        }
    }

    /// Its CSS page size name.
    pub fn css(self) -> &'static str {
        match self {
            Paper::A5 => "A5",
            Paper::A4 => "A4",
        }
    }
}

const STYLE: &str = include_str!("card.css");

/// The card of group `id` with its current rules, in the shop's language.
pub fn of_group(
    conn: &rusqlite::Connection,
    id: i64,
    paper: Paper,
    shop_name: &str,
    ctx: crate::settings::ctx::Ctx,
) -> Result<String, CommunityError> {
    let group = groups::get(conn, id, ctx.today)?;
    let current = rules::current(conn, id)?.ok_or(CommunityError::NoRules(id))?;
    let changed = rules::last_change(conn, id)?.ok_or(CommunityError::NoRules(id))?;
    Ok(render(
        shop_name, &group, &current, &changed, paper, ctx.lang,
    ))
}

/// The card of `group` with the rules of `rules` (its current revision), in force since the
/// revision `changed` (the last that was not a review), on `paper`.
pub fn render(
    shop_name: &str,
    group: &Group,
    rules: &Revision,
    changed: &Revision,
    paper: Paper,
    lang: Lang,
) -> String {
    let mut h = String::with_capacity(8 * 1024);
    let heading = lang.of("群规", "Group rules");
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} · {}</title>\n<style>@page {{ size: {}; margin: 12mm; }}\n{}</style>\n</head>\n<body>\n",
        lang.code(),
        esc(&group.name),
        heading,
        paper.css(),
        STYLE
    );
    let class = match paper {
        Paper::A5 => "rules-card",
        Paper::A4 => "rules-card rc-a4",
    };
    let _ = writeln!(h, "<article class=\"{class}\">\n<header>");
    if !shop_name.trim().is_empty() {
        let _ = writeln!(h, "<p class=\"rc-shop\">{}</p>", esc(shop_name));
    }
    let _ = writeln!(h, "<h1>{}</h1>", esc(&group.name));
    if !group.slogan.is_empty() {
        let _ = writeln!(h, "<p class=\"rc-slogan\">{}</p>", esc(&group.slogan));
    }
    let _ = writeln!(h, "</header>\n<h2>{heading}</h2>\n<ol>");
    for r in &rules.rules {
        let _ = write!(
            h,
            "<li><span class=\"rc-n\">{}</span><div><span class=\"rc-title\">{}</span>",
            r.number,
            esc(&r.title)
        );
        if !r.body.is_empty() {
            let _ = write!(h, "<span class=\"rc-body\">{}</span>", esc(&r.body));
        }
        h.push_str("</div></li>\n");
    }
    let zh_day = |d: chrono::NaiveDate| d.format("%Y 年 %-m 月 %-d 日").to_string();
    let mut revised = lang.pick(
        format!(
            "第 {} 版群规 · {}起施行",
            changed.number,
            zh_day(changed.on)
        ),
        format!(
            "Rules revision {} · in force from {}",
            changed.number,
            changed.on.format("%-d %B %Y")
        ),
    );
    if rules.number != changed.number {
        revised.push_str(&lang.pick(
            format!(" · {}复查", zh_day(rules.on)),
            format!(" · reviewed {}", rules.on.format("%-d %B %Y")),
        ));
    }
    let _ = writeln!(
        h,
        "</ol>\n<footer>{}</footer>\n</article>\n</body>\n</html>",
        esc(&revised)
    );
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::community::groups::{GroupStatus, Platform, Threshold};
    use crate::community::rules::{RevisionKind, Rule};
    use chrono::NaiveDate;

    #[test]
    fn the_card_escapes_the_owners_words_and_names_its_revision() {
        let group = Group {
            id: 1,
            platform: Platform::Wechat,
            name: "熟客<烘焙>群".into(),
            positioning: String::new(),
            slogan: "每天一口 & 好面包".into(),
            owner_id: None,
            owner_name: None,
            created_on: NaiveDate::from_ymd_opt(2026, 1, 1).expect("d"),
            threshold: Threshold::TillQr,
            target_size: None,
            status: GroupStatus::Active,
            size: None,
            listed: 0,
        };
        let rules = Revision {
            id: 3,
            group_id: 1,
            number: 3,
            on: NaiveDate::from_ymd_opt(2026, 5, 1).expect("d"),
            kind: RevisionKind::Change,
            reason: String::new(),
            rules: vec![Rule {
                rule_id: 1,
                number: 1,
                title: "不发广告".into(),
                body: "<script>alert(1)</script>".into(),
            }],
        };
        let zh = render("麦田", &group, &rules, &rules, Paper::A5, Lang::Zh);
        assert!(zh.contains("熟客&lt;烘焙&gt;群") && zh.contains("每天一口 &amp; 好面包"));
        assert!(zh.contains("&lt;script&gt;") && !zh.contains("<script>"));
        assert!(zh.contains("第 3 版群规 · 2026 年 5 月 1 日起施行") && zh.contains("size: A5"));
        let en = render("", &group, &rules, &rules, Paper::A4, Lang::En);
        assert!(en.contains("Rules revision 3 · in force from 1 May 2026<"));
        // Reviewed since without a change: the rules are still those of the change, looked at since.
        let reviewed = Revision {
            number: 4,
            on: NaiveDate::from_ymd_opt(2026, 8, 3).expect("d"),
            kind: RevisionKind::Review,
            ..rules.clone()
        };
        let later = render("", &group, &reviewed, &rules, Paper::A5, Lang::En);
        assert!(
            later.contains("Rules revision 3 · in force from 1 May 2026 · reviewed 3 August 2026")
        );
        let zh = render("", &group, &reviewed, &rules, Paper::A5, Lang::Zh);
        assert!(
            zh.contains("第 3 版群规 · 2026 年 5 月 1 日起施行 · 2026 年 8 月 3 日复查"),
            "{zh}"
        );
        assert!(
            en.contains("rules-card rc-a4")
                && en.contains("size: A4")
                && !en.contains("class=\"rc-shop\"")
        );
    }
}
