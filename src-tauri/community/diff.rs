//! Two revisions of a group's rules side by side: the rules added, removed, reworded and moved
//! (matched by rule id), and within a reworded rule the words that changed. Chinese has no
//! spaces between words, so a Han character is a word of its own; a run of Latin letters or
//! digits is one word; spaces and punctuation are words too. The diff itself is `similar`'s.

use super::rules::{Revision, Rule};
use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Same,
    Added,
    Removed,
}

/// A run of words with one mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Piece {
    pub text: String,
    pub mark: Mark,
}

/// One rule across the two revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RuleDiff {
    #[ts(type = "number")]
    pub rule_id: i64,
    /// The rule in the older revision (`None`: added).
    pub before: Option<Rule>,
    /// The rule in the newer revision (`None`: removed).
    pub after: Option<Rule>,
    pub reworded: bool,
    /// Its place among the rules both revisions have changed.
    pub moved: bool,
    /// The title and text word by word (all `Same` when unchanged).
    pub title: Vec<Piece>,
    pub body: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RulesDiff {
    #[ts(type = "number")]
    pub from: i64,
    #[ts(type = "number")]
    pub to: i64,
    /// In the newer revision's order, a removed rule after the rule it followed.
    pub rules: Vec<RuleDiff>,
    #[ts(type = "number")]
    pub added: usize,
    #[ts(type = "number")]
    pub removed: usize,
    #[ts(type = "number")]
    pub reworded: usize,
    #[ts(type = "number")]
    pub moved: usize,
}

/// The words of `text`: each Han (or other non-Latin) letter alone, runs of ASCII letters and
/// digits, runs of spaces, each other character alone.
pub fn words(text: &str) -> Vec<&str> {
    #[derive(PartialEq)]
    enum Class {
        Latin,
        Space,
        Single,
    }
    let class = |c: char| {
        if c.is_ascii_alphanumeric() || c == '\'' {
            Class::Latin
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Single
        }
    };
    let mut out = Vec::new();
    let mut start = None::<(usize, Class)>;
    for (i, c) in text.char_indices() {
        let k = class(c);
        if let Some((s, prev)) = &start
            && (*prev != k || k == Class::Single)
        {
            out.push(&text[*s..i]);
            start = None;
        }
        if start.is_none() {
            start = Some((i, k));
        }
    }
    if let Some((s, _)) = start {
        out.push(&text[s..]);
    }
    out
}

/// `old` against `new` word by word, runs of one mark joined.
pub fn pieces(old: &str, new: &str) -> Vec<Piece> {
    let (a, b) = (words(old), words(new));
    let mut out: Vec<Piece> = Vec::new();
    let mut push = |text: &str, mark: Mark| match out.last_mut() {
        Some(last) if last.mark == mark => last.text.push_str(text),
        _ if text.is_empty() => {}
        _ => out.push(Piece {
            text: text.to_string(),
            mark,
        }),
    };
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                push(&a[old_index..old_index + len].concat(), Mark::Same)
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => push(&a[old_index..old_index + old_len].concat(), Mark::Removed),
            DiffOp::Insert {
                new_index, new_len, ..
            } => push(&b[new_index..new_index + new_len].concat(), Mark::Added),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(&a[old_index..old_index + old_len].concat(), Mark::Removed);
                push(&b[new_index..new_index + new_len].concat(), Mark::Added);
            }
        }
    }
    out
}

fn same(text: &str) -> Vec<Piece> {
    if text.is_empty() {
        return Vec::new();
    }
    vec![Piece {
        text: text.to_string(),
        mark: Mark::Same,
    }]
}

/// Revision `old` against revision `new` (of one group), rule by rule.
pub fn compare(old: &Revision, new: &Revision) -> RulesDiff {
    let in_new = |id: i64| new.rules.iter().any(|r| r.rule_id == id);
    let in_old = |id: i64| old.rules.iter().any(|r| r.rule_id == id);
    // Moved: the rules both have, out of the longest run kept in order.
    let kept_old: Vec<i64> = old
        .rules
        .iter()
        .map(|r| r.rule_id)
        .filter(|&id| in_new(id))
        .collect();
    let kept_new: Vec<i64> = new
        .rules
        .iter()
        .map(|r| r.rule_id)
        .filter(|&id| in_old(id))
        .collect();
    let mut in_order = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &kept_old, &kept_new) {
        if let DiffOp::Equal { old_index, len, .. } = op {
            in_order.extend_from_slice(&kept_old[old_index..old_index + len]);
        }
    }
    let mut rules: Vec<RuleDiff> = new
        .rules
        .iter()
        .map(|after| {
            let before = old.rules.iter().find(|r| r.rule_id == after.rule_id);
            match before {
                None => RuleDiff {
                    rule_id: after.rule_id,
                    before: None,
                    after: Some(after.clone()),
                    reworded: false,
                    moved: false,
                    title: vec![Piece {
                        text: after.title.clone(),
                        mark: Mark::Added,
                    }],
                    body: pieces("", &after.body),
                },
                Some(b) => {
                    let reworded = b.title != after.title || b.body != after.body;
                    RuleDiff {
                        rule_id: after.rule_id,
                        before: Some(b.clone()),
                        after: Some(after.clone()),
                        reworded,
                        moved: !in_order.contains(&after.rule_id),
                        title: if reworded {
                            pieces(&b.title, &after.title)
                        } else {
                            same(&after.title)
                        },
                        body: if reworded {
                            pieces(&b.body, &after.body)
                        } else {
                            same(&after.body)
                        },
                    }
                }
            }
        })
        .collect();
    // Each removed rule after the rule it followed in the older revision (or first).
    for (i, gone) in old
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| !in_new(r.rule_id))
    {
        let at = old.rules[..i]
            .iter()
            .rev()
            .find_map(|p| rules.iter().position(|d| d.rule_id == p.rule_id))
            .map_or(0, |p| p + 1);
        rules.insert(
            at,
            RuleDiff {
                rule_id: gone.rule_id,
                before: Some(gone.clone()),
                after: None,
                reworded: false,
                moved: false,
                title: vec![Piece {
                    text: gone.title.clone(),
                    mark: Mark::Removed,
                }],
                body: pieces(&gone.body, ""),
            },
        );
    }
    let count = |f: fn(&RuleDiff) -> bool| rules.iter().filter(|d| f(d)).count();
    RulesDiff {
        from: old.number,
        to: new.number,
        added: count(|d| d.before.is_none()),
        removed: count(|d| d.after.is_none()),
        reworded: count(|d| d.reworded),
        moved: count(|d| d.moved),
        rules,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::community::groups::tests::day;
    use crate::community::rules::RevisionKind;

    fn rule(rule_id: i64, number: i64, title: &str, body: &str) -> Rule {
        Rule {
            rule_id,
            number,
            title: title.into(),
            body: body.into(),
        }
    }

    fn revision(number: i64, rules: Vec<Rule>) -> Revision {
        Revision {
            id: number,
            group_id: 1,
            number,
            on: day("2026-03-01"),
            kind: RevisionKind::Change,
            reason: String::new(),
            rules,
        }
    }

    fn marked(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| match p.mark {
                Mark::Same => p.text.clone(),
                Mark::Added => format!("[+{}]", p.text),
                Mark::Removed => format!("[-{}]", p.text),
            })
            .collect()
    }

    #[test]
    fn words_split_han_letters_apart_and_keep_latin_words_whole() {
        assert_eq!(
            words("不发广告, no ads!"),
            ["不", "发", "广", "告", ",", " ", "no", " ", "ads", "!"]
        );
        assert_eq!(words(""), Vec::<&str>::new());
        // Whatever the diff, its pieces give back both texts.
        for (old, new) in [
            ("No ads or links.", "No ads, links or QR codes."),
            ("不发广告和链接。", "不发广告、链接和二维码。"),
            ("", "新的一条"),
            ("整条删掉", ""),
        ] {
            let p = pieces(old, new);
            let side = |keep: Mark| -> String {
                p.iter()
                    .filter(|x| x.mark == Mark::Same || x.mark == keep)
                    .map(|x| x.text.as_str())
                    .collect()
            };
            assert_eq!(
                (side(Mark::Removed), side(Mark::Added)),
                (old.to_string(), new.to_string())
            );
            assert!(
                p.windows(2).all(|w| w[0].mark != w[1].mark),
                "runs joined: {p:?}"
            );
        }
    }

    #[test]
    fn two_revisions_side_by_side_added_removed_reworded_and_moved() {
        let old = revision(
            1,
            vec![
                rule(1, 1, "不发广告", "不发广告和链接。"),
                rule(2, 2, "不刷屏", "不连续发表情。"),
                rule(3, 3, "不谈政治", "不讨论政治话题。"),
                rule(4, 4, "友善交流", "尊重每一位群友。"),
            ],
        );
        let new = revision(
            2,
            vec![
                rule(4, 1, "友善交流", "尊重每一位群友。"),
                rule(1, 2, "不发广告", "不发广告、链接和二维码。"),
                rule(2, 3, "不刷屏", "不连续发表情。"),
                rule(5, 4, "打卡有礼", "每天打卡。"),
            ],
        );
        let d = compare(&old, &new);
        assert_eq!((d.from, d.to), (1, 2));
        assert_eq!((d.added, d.removed, d.reworded, d.moved), (1, 1, 1, 1));
        let order: Vec<(i64, bool, bool)> = d
            .rules
            .iter()
            .map(|r| (r.rule_id, r.reworded, r.moved))
            .collect();
        // Rule 3 (removed) stays after rule 2, which it followed.
        assert_eq!(
            order,
            [
                (4, false, true),
                (1, true, false),
                (2, false, false),
                (3, false, false),
                (5, false, false)
            ]
        );
        let ads = &d.rules[1];
        assert_eq!(marked(&ads.body), "不发广告[-和][+、]链接[+和二维码]。");
        assert_eq!(marked(&ads.title), "不发广告");
        assert!(d.rules[3].after.is_none() && marked(&d.rules[3].body) == "[-不讨论政治话题。]");
        assert!(d.rules[4].before.is_none() && marked(&d.rules[4].title) == "[+打卡有礼]");
        // A revision against itself changes nothing.
        let none = compare(&new, &new);
        assert_eq!(
            (none.added, none.removed, none.reworded, none.moved),
            (0, 0, 0, 0)
        );
    }
}
