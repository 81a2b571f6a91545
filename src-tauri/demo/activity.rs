//! What happens in the demo's groups over its 16 weeks, brought in by the path each platform
//! has: the WeChat group's chat as a generated WeChat CSV export through the chat import (its
//! senders matched to members as the command line does, the owner's account marked staff), the
//! WeCom group's days as a generated statistics export through the table import, and the
//! Xiaohongshu group's days typed in the week grid. Deterministic: the same anchor gives the
//! same files.

use super::groups::DemoGroups;
use crate::community::chats::senders::{self, Decision, DecisionInput, SenderMatch};
use crate::community::chats::{self, Options, scan::Words, source};
use crate::community::days::{self, DayInput, Figures, GroupStats};
use crate::community::{CommunityError, groups, listed};
use crate::import::table::{self, TableError, TableRequest};
use crate::people::members::{self, Roster};
use crate::settings::ChatWords;
use crate::settings::ctx::Ctx;
use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use std::fmt::Write;
use std::path::Path;

/// How many days of activity each group gets (16 weeks, up to the day before the anchor).
const DAYS: u64 = 16 * 7;

/// Why the activity could not be made.
#[derive(Debug)]
pub enum ActivityError {
    Community(CommunityError),
    Table(TableError),
    Io(std::io::Error),
}

impl From<CommunityError> for ActivityError {
    fn from(e: CommunityError) -> Self {
        ActivityError::Community(e)
    }
}

impl From<rusqlite::Error> for ActivityError {
    fn from(e: rusqlite::Error) -> Self {
        ActivityError::Community(e.into())
    }
}

fn lines(text: &str, rng: &mut fastrand::Rng, zh: bool) -> String {
    let zh_lines = [
        "今天的可颂还有吗？",
        "全麦吐司几点出炉",
        "周末的烘焙课还能报名吗",
        "谢谢店长，蛋糕很好吃",
        "想预订一个生日蛋糕",
        "酸种面包太香了",
        "明天早上想要两个贝果",
        "新品什么时候上",
        "孩子很喜欢肉松小贝",
        "今天排队的人好多",
        "会员日有什么活动",
    ];
    let en_lines = [
        "Any croissants left today?",
        "When is the rye out of the oven?",
        "Is the Saturday class full?",
        "Thanks, the cake was lovely",
        "Can I order a birthday cake?",
        "The sourdough is amazing",
        "Two bagels for tomorrow please",
        "When is the new loaf coming?",
        "My kids love the buns",
        "Long queue this morning!",
        "What's on for member day?",
    ];
    let pick = if zh { &zh_lines[..] } else { &en_lines[..] };
    format!("{text}{}", pick[rng.usize(..pick.len())])
}

/// Quotes a CSV cell.
fn cell(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

pub fn generate(
    conn: &mut Connection,
    dir: &Path,
    end: NaiveDate,
    demo: &DemoGroups,
    ctx: Ctx,
) -> Result<(), ActivityError> {
    let first = end - Days::new(DAYS);
    let zh = ctx.lang == crate::i18n::Lang::Zh;
    let mut rng = fastrand::Rng::with_seed(20);
    let roster = members::roster(conn)?;
    let by_id = |id: i64| roster.iter().find(|m| m.id == id);

    // WeChat: a chat export, the members of the list among its senders.
    let stays = listed::of_group(conn, demo.wechat)?;
    let speakers: Vec<&Roster> = stays.iter().filter_map(|s| by_id(s.member_id)).collect();
    let others: Vec<String> = (1..=60)
        .map(|i| {
            if zh {
                format!("群友{i:02}")
            } else {
                format!("Guest {i:02}")
            }
        })
        .collect();
    let mut csv =
        String::from("localId,TalkerId,Type,SubType,IsSender,StrTime,StrContent,NickName,Sender\n");
    let mut id = 0;
    let mut row = |csv: &mut String,
                   at: String,
                   kind: u32,
                   own: bool,
                   text: &str,
                   nick: &str,
                   sender: &str| {
        id += 1;
        let _ = writeln!(
            csv,
            "{id},demo@chatroom,{kind},0,{},{at},{},{},{}",
            u8::from(own),
            cell(text),
            cell(nick),
            cell(sender)
        );
    };
    for day in first.iter_days().take_while(|d| *d < end) {
        let at = |h: u32, m: u32| format!("{day} {h:02}:{m:02}:{:02}", (h * 7 + m) % 60);
        row(
            &mut csv,
            at(8, 5),
            1,
            true,
            &lines("", &mut rng, zh),
            &demo.owner,
            "self",
        );
        for s in &stays {
            if s.joined_on == day
                && let Some(m) = by_id(s.member_id)
            {
                let name = m.wechat_name.clone().or(m.name.clone()).unwrap_or_default();
                let text = format!("\"{}\"邀请\"{name}\"加入了群聊", demo.owner);
                row(&mut csv, at(9, 0), 10000, false, &text, "", "");
            }
        }
        for (i, m) in speakers.iter().enumerate() {
            let busy = (i % 5) as u32;
            if rng.u32(..100) >= 30 + busy * 5 {
                continue;
            }
            let name = m.wechat_name.clone().or(m.name.clone()).unwrap_or_default();
            let wxid = format!("wxid_demo{:04}", m.id);
            let checkin = if rng.u32(..4) == 0 {
                if zh { "打卡 " } else { "check-in " }
            } else {
                ""
            };
            for k in 0..(1 + rng.u32(..3)) {
                let text = lines(checkin, &mut rng, zh);
                row(
                    &mut csv,
                    at(10 + k * 3 + busy, rng.u32(..60)),
                    1,
                    false,
                    &text,
                    &name,
                    &wxid,
                );
            }
        }
        for (i, name) in others.iter().enumerate() {
            if rng.u32(..100) < 28 {
                let wxid = format!("wxid_guest{i:02}");
                let text = if rng.u32(..150) == 0 {
                    "https://shop.example/flour 低价代购".to_string()
                } else {
                    lines("", &mut rng, zh)
                };
                row(
                    &mut csv,
                    at(12 + (i % 8) as u32, rng.u32(..60)),
                    1,
                    false,
                    &text,
                    name,
                    &wxid,
                );
            }
        }
    }
    let path = dir.join("demo-wechat-chat.csv");
    std::fs::write(&path, csv).map_err(ActivityError::Io)?;
    let opts = Options {
        // The export's local times are written as text: no zone to read them in.
        zone: chrono_tz::Tz::UTC,
        words: {
            let w = ChatWords::default();
            Words::new(&w.checkin, &w.ad)
        },
        order: None,
        limit: source::FILE_MAX,
    };
    let imported = chats::import(conn, &path, demo.wechat, &opts, ctx);
    let _ = std::fs::remove_file(&path);
    let report = imported?;
    let mut decisions = senders::exact(&report.people);
    decisions.extend(
        report
            .people
            .iter()
            .filter(|p| p.proposal == SenderMatch::Staff)
            .map(|p| DecisionInput {
                sender_id: p.sender_id,
                decision: Decision::Staff { staff_id: None },
            }),
    );
    senders::decide(conn, demo.wechat, &decisions)?;

    // WeCom: the customer-group statistics export, one row a day.
    let name = groups::get(conn, demo.wecom, end)?.name;
    let mut size = groups::size_on(conn, demo.wecom, first)?.map_or(40, |r| r.size);
    let mut csv =
        String::from("日期,群名称,群总人数,新增群成员数,退群人数,发言成员数,群消息总数\n");
    for day in first.iter_days().take_while(|d| *d < end) {
        let (joins, leaves) = (rng.i64(0..4), i64::from(rng.u32(..6) == 0));
        size += joins - leaves;
        let speakers = size * (12 + rng.i64(0..16)) / 100;
        let messages = speakers * (2 + rng.i64(0..3));
        let _ = writeln!(
            csv,
            "{day},{},{size},{joins},{leaves},{speakers},{messages}",
            cell(&name)
        );
    }
    let path = dir.join("demo-wecom-stats.csv");
    std::fs::write(&path, csv).map_err(ActivityError::Io)?;
    let request = TableRequest {
        path: path.clone(),
        valid_rows: false,
    };
    let imported = table::import(conn, &GroupStats, &request, &ctx, &dir.join("rejects"));
    let _ = std::fs::remove_file(&path);
    imported.map_err(ActivityError::Table)?;

    // Xiaohongshu: typed in the week grid, day by day, beside the fortnightly sizes typed
    // before (the grid keeps what a day has).
    let before = days::range(conn, demo.xiaohongshu, first, end - Days::new(1))?;
    let typed: Vec<DayInput> = before
        .iter()
        .map(|day| {
            let speakers = 3 + rng.i64(0..9);
            DayInput {
                on: day.on,
                figures: Figures {
                    size: day.typed.size,
                    joins: Some(rng.i64(0..3)),
                    leaves: Some(i64::from(rng.u32(..8) == 0)),
                    speakers: Some(speakers),
                    messages: Some(speakers * (1 + rng.i64(0..4))),
                },
            }
        })
        .collect();
    days::type_days(conn, demo.xiaohongshu, &typed, ctx)?;
    Ok(())
}
