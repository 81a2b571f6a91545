//! The demo's community: two staff, three groups (a WeChat group for regulars, a WeCom customer
//! group for new members, a Xiaohongshu group for home bakers), each with rules revised at least
//! twice (the bakers' rules last looked at over three months ago, so the reminder shows), typed
//! sizes every fortnight, members from the list in each, and a dozen moderation entries with one
//! repeat offender and one withdrawal — all written through the community's validated paths.

use crate::community::groups::{self, GroupInput, GroupStatus, Platform, Threshold};
use crate::community::moderation::{self, Action, EntryInput, Who};
use crate::community::rules::{self, RevisionInput, RuleDraft};
use crate::community::staff::{self, StaffInput, StaffRole};
use crate::community::{CommunityError, listed};
use crate::i18n::Lang;
use crate::people::members::{self, Roster};
use crate::settings::ctx::Ctx;
use chrono::NaiveDate;
use rusqlite::Connection;

/// A day `weeks` weeks and `days` days before `end`.
fn back(end: NaiveDate, weeks: u64, days: u64) -> NaiveDate {
    end.checked_sub_days(chrono::Days::new(weeks * 7 + days))
        .unwrap_or(end)
}

fn new_rule(title: &str, body: &str) -> RuleDraft {
    RuleDraft {
        rule_id: None,
        title: title.into(),
        body: body.into(),
    }
}

/// A change to a list of rules, in the shop's language.
type Edit = fn(&mut Vec<RuleDraft>, Lang);

/// The first revision from the templates (`only`: their indexes), then each change in turn.
fn rules_of(
    conn: &mut Connection,
    group: i64,
    first_on: NaiveDate,
    only: &[usize],
    changes: Vec<(NaiveDate, String, Edit)>,
    ctx: Ctx,
) -> Result<(), CommunityError> {
    let all = rules::templates(ctx.lang);
    let first = RevisionInput {
        on: first_on,
        reason: String::new(),
        rules: only.iter().map(|&i| all[i].clone()).collect(),
    };
    rules::revise(conn, group, &first, ctx)?;
    for (on, reason, change) in changes {
        let current = rules::current(conn, group)?.ok_or(CommunityError::Unchanged)?;
        let mut drafts: Vec<RuleDraft> = current.rules.iter().map(rules::Rule::draft).collect();
        change(&mut drafts, ctx.lang);
        rules::revise(
            conn,
            group,
            &RevisionInput {
                on,
                reason,
                rules: drafts,
            },
            ctx,
        )?;
    }
    Ok(())
}

/// Writes the demo's community; `end` is the day after its last week, `ctx` anchored there.
/// The demo's groups, for the activity generated next (`activity`).
pub struct DemoGroups {
    pub wechat: i64,
    pub wecom: i64,
    pub xiaohongshu: i64,
    pub owner: String,
}

pub fn generate(
    conn: &mut Connection,
    end: NaiveDate,
    ctx: Ctx,
) -> Result<DemoGroups, CommunityError> {
    let lang = ctx.lang;
    let owner = staff::add(
        conn,
        &StaffInput {
            name: lang.pick("王芳", "Fang Wang"),
            role: StaffRole::Owner,
        },
    )?;
    let admin = staff::add(
        conn,
        &StaffInput {
            name: lang.pick("周晓", "Xiao Zhou"),
            role: StaffRole::Admin,
        },
    )?;
    let group = |platform,
                 name: String,
                 positioning: String,
                 slogan: String,
                 owner: i64,
                 weeks,
                 threshold,
                 target| GroupInput {
        platform,
        name,
        positioning,
        slogan,
        owner_id: Some(owner),
        created_on: back(end, weeks, 0),
        threshold,
        target_size: Some(target),
        status: GroupStatus::Active,
    };
    let regulars = groups::add(
        conn,
        &group(
            Platform::Wechat,
            lang.pick("麦田熟客群", "Wheatfield Regulars"),
            lang.pick(
                "老顾客交流新品、预订和每日打卡",
                "Regulars talk new bakes, pre-orders and daily check-ins",
            ),
            lang.pick("每天一口好面包", "Good bread, every day"),
            owner.id,
            18,
            Threshold::Receipt,
            400,
        ),
        ctx,
    )?;
    let newcomers = groups::add(
        conn,
        &group(
            Platform::Wecom,
            lang.pick("新会员福利群", "New Member Perks"),
            lang.pick(
                "新会员的第一杯咖啡和每周福利",
                "A new member's first coffee and the week's perks",
            ),
            lang.pick("第一口就爱上", "Love at first bite"),
            admin.id,
            16,
            Threshold::TillQr,
            500,
        ),
        ctx,
    )?;
    let bakers = groups::add(
        conn,
        &group(
            Platform::Xiaohongshu,
            lang.pick("家庭烘焙交流群", "Home Bakers"),
            lang.pick(
                "在家做面包的会员互相分享配方和作品",
                "Members who bake at home share recipes and results",
            ),
            lang.pick("一起把面包做好", "Let's bake it right"),
            admin.id,
            17,
            Threshold::Questionnaire,
            200,
        ),
        ctx,
    )?;
    let (regulars, newcomers, bakers) = (regulars.id, newcomers.id, bakers.id);

    rules_of(
        conn,
        regulars,
        back(end, 18, 0),
        &[0, 1, 2, 3, 4, 5, 6],
        vec![
            (
                back(end, 10, 2),
                lang.pick(
                    "群里出现代购拼单，补充说明",
                    "Resellers started group-buying in the chat",
                ),
                (|r: &mut Vec<RuleDraft>, lang: Lang| {
                    r[0].body = lang.pick(
                        "未经群主同意，不发广告、外部链接、二维码、小程序或代购拼单。",
                        "Without the owner's agreement, no ads, outside links, QR codes, mini-programs or resale group-buys.",
                    );
                    r.insert(
                        5,
                        new_rule(
                            &lang.pick("预订规则", "Pre-orders"),
                            &lang.pick("整只蛋糕请提前两天在群里预订，当天到店自取。", "Order whole cakes in the group two days ahead; collect them in the shop."),
                        ),
                    );
                }) as Edit,
            ),
            (
                back(end, 3, 1),
                lang.pick(
                    "新人多了，欢迎放在最前",
                    "More newcomers: the welcome goes first",
                ),
                (|r: &mut Vec<RuleDraft>, lang: Lang| {
                    let welcome = r.remove(6);
                    r.insert(0, welcome);
                    r.retain(|d| d.rule_id != Some(4));
                    r[3].body = lang.pick(
                        "尊重每一位群友，不做人身攻击，不发辱骂、歧视或政治内容，不传谣。",
                        "Respect everyone here: no personal attacks, insults, discrimination, politics or rumours.",
                    );
                }) as Edit,
            ),
        ],
        ctx,
    )?;
    rules_of(
        conn,
        newcomers,
        back(end, 16, 0),
        &[5, 0, 1, 4, 6],
        vec![
            (
                back(end, 8, 3),
                lang.pick("打卡奖励改为积分", "Check-in rewards become points"),
                (|r: &mut Vec<RuleDraft>, lang: Lang| {
                    r[3].body = lang.pick(
                        "每天在群里发“打卡”签到，每次得 5 积分，连续 7 天再送一杯咖啡。",
                        "Post 打卡 in the group each day: 5 points each time, and a coffee for 7 days in a row.",
                    );
                }) as Edit,
            ),
            (
                back(end, 1, 4),
                lang.pick("福利说明更清楚", "Perks spelt out"),
                (|r: &mut Vec<RuleDraft>, lang: Lang| {
                    r.push(new_rule(
                        &lang.pick("每周福利", "Weekly perk"),
                        &lang.pick("每周一在群里发本周会员价，凭群聊截图到店使用。", "Each Monday the week's member price is posted here; show it at the till."),
                    ));
                }) as Edit,
            ),
        ],
        ctx,
    )?;
    rules_of(
        conn,
        bakers,
        back(end, 17, 0),
        &[0, 2, 5, 6],
        vec![
            (
                back(end, 16, 1),
                lang.pick("允许分享配方链接", "Recipe links are welcome"),
                (|r: &mut Vec<RuleDraft>, lang: Lang| {
                    r[0].body = lang.pick(
                        "不发广告和二维码；配方和教程链接可以分享。",
                        "No ads or QR codes; links to recipes and tutorials are welcome.",
                    );
                }) as Edit,
            ),
            (
                back(end, 14, 2),
                lang.pick("加一条作品分享", "Show your bakes"),
                (|r: &mut Vec<RuleDraft>, lang: Lang| {
                    r.insert(
                        2,
                        new_rule(
                            &lang.pick("晒出作品", "Show your bakes"),
                            &lang.pick("做好的面包欢迎晒图，写上配方和温度。", "Post photos of what you baked, with the recipe and oven temperature."),
                        ),
                    );
                }) as Edit,
            ),
        ],
        ctx,
    )?;

    // Sizes as read in the apps: on the day a group opened, then every other week's last day.
    for (g, start_week, first, step) in [
        (regulars, 18, 168, 11),
        (newcomers, 16, 42, 13),
        (bakers, 17, 35, 4),
    ] {
        let mut size = first;
        groups::record_size(conn, g, back(end, start_week, 0), size, ctx)?;
        // The WeCom group's sizes come from its statistics export (`activity`).
        if g == newcomers {
            continue;
        }
        for weeks in (0..start_week).rev().filter(|w| w % 2 == 0) {
            size += step + (weeks % 3) as i64;
            groups::record_size(conn, g, back(end, weeks, 1), size, ctx)?;
        }
    }

    // Members from the list: regulars from before, newcomers, and the home bakers by their tag.
    let roster = members::roster(conn).map_err(CommunityError::from)?;
    let current: Vec<&Roster> = roster.iter().filter(|m| m.left.is_none()).collect();
    let joined =
        |m: &Roster, group_start: NaiveDate| m.joined.unwrap_or(group_start).max(group_start);
    let put = |conn: &mut Connection,
               g: i64,
               from: NaiveDate,
               list: Vec<&Roster>|
     -> Result<(), CommunityError> {
        for m in list {
            listed::add(conn, g, &[m.id], joined(m, from), ctx)?;
        }
        Ok(())
    };
    put(
        conn,
        regulars,
        back(end, 18, 0),
        current.iter().copied().filter(|m| m.id % 3 == 0).collect(),
    )?;
    let new_from = back(end, 16, 0);
    put(
        conn,
        newcomers,
        new_from,
        current
            .iter()
            .copied()
            .filter(|m| m.joined.is_some_and(|j| j >= new_from) && m.id % 2 == 1)
            .collect(),
    )?;
    let home_bakers = members::with_tag(conn, "烘焙爱好者").map_err(CommunityError::from)?;
    put(
        conn,
        bakers,
        back(end, 17, 0),
        current
            .iter()
            .copied()
            .filter(|m| home_bakers.contains(&m.id))
            .collect(),
    )?;
    // Two moved on from the new members' group.
    for stay in listed::of_group(conn, newcomers)?.into_iter().take(2) {
        listed::leave(conn, stay.id, back(end, 0, 3).max(stay.joined_on), ctx)?;
    }

    // The moderation log: one member breaks the ads rule three times (the repeat offender),
    // participants not on the list, a note, and an entry withdrawn as logged by mistake.
    // (group, weeks and days back, who: None for the offender, rule, action, by the owner, note)
    type Line = (
        i64,
        u64,
        u64,
        Option<(&'static str, &'static str)>,
        Option<i64>,
        Action,
        bool,
        (&'static str, &'static str),
    );
    let lines: [Line; 12] = [
        (
            regulars,
            6,
            2,
            None,
            Some(1),
            Action::Reminder,
            false,
            ("发了代购链接", "Posted a resale link"),
        ),
        (
            regulars,
            3,
            0,
            None,
            Some(1),
            Action::Warning,
            false,
            ("又发拼单二维码", "A group-buy QR code again"),
        ),
        (
            regulars,
            0,
            2,
            None,
            Some(1),
            Action::Mute,
            true,
            ("禁言一天", "Muted for a day"),
        ),
        (
            regulars,
            9,
            1,
            Some(("卖茶叶的群友", "Tea seller")),
            Some(1),
            Action::Removal,
            true,
            ("连发三条广告", "Three ads in a row"),
        ),
        (
            regulars,
            5,
            4,
            Some(("新群友小K", "Newcomer K")),
            Some(2),
            Action::Reminder,
            false,
            ("", ""),
        ),
        (
            regulars,
            0,
            5,
            Some(("表情包达人", "Sticker fan")),
            Some(2),
            Action::Reminder,
            false,
            ("刷屏表情", "Flooded stickers"),
        ),
        (
            regulars,
            2,
            3,
            Some(("路过的朋友", "Passer-by")),
            None,
            Action::Note,
            true,
            (
                "私聊群友推销保险，已提醒大家注意",
                "Sold insurance to members in private; the group was told",
            ),
        ),
        (
            newcomers,
            7,
            0,
            Some(("微商阿丽", "Reseller Ali")),
            Some(2),
            Action::Warning,
            false,
            ("发微商广告", "Reseller ads"),
        ),
        (
            newcomers,
            4,
            2,
            Some(("代购小美", "Reseller Mei")),
            Some(2),
            Action::Removal,
            false,
            ("", ""),
        ),
        (
            newcomers,
            0,
            1,
            Some(("小程序推广", "Mini-program promoter")),
            Some(2),
            Action::Reminder,
            false,
            ("", ""),
        ),
        (
            bakers,
            11,
            0,
            Some(("烤箱代购", "Oven reseller")),
            Some(1),
            Action::Reminder,
            false,
            ("发了二维码", "Posted a QR code"),
        ),
        (
            bakers,
            1,
            2,
            Some(("争论的群友", "Arguer")),
            Some(2),
            Action::Warning,
            false,
            ("和别人吵起来了", "Picked a fight"),
        ),
    ];
    let offender = current
        .iter()
        .find(|m| m.id % 3 == 0 && m.joined.is_some_and(|j| j < back(end, 12, 0)));
    let entries: Vec<EntryInput> = lines
        .iter()
        .filter_map(
            |&(group, weeks, days, label, rule_id, action, by_owner, (zh, en))| {
                let who = match label {
                    Some((zh, en)) => Who::Participant {
                        label: lang.pick(zh, en),
                    },
                    None => Who::Member {
                        member_id: offender?.id,
                    },
                };
                Some(EntryInput {
                    group_id: group,
                    who,
                    rule_id,
                    on: back(end, weeks, days),
                    action,
                    handled_by: Some(if by_owner { owner.id } else { admin.id }),
                    note: lang.pick(zh, en),
                })
            },
        )
        .collect();
    let mut logged = vec![];
    for e in &entries {
        logged.push(moderation::log(conn, e, ctx)?);
    }
    // The newcomer's reminder was about someone else: withdrawn.
    if let Some(e) = logged.iter().find(|e| {
        e.action == Action::Reminder && e.participant_id.is_some() && e.group_id == regulars
    }) {
        moderation::withdraw(
            conn,
            e.id,
            &lang.pick("记错人了", "Logged against the wrong person"),
            ctx,
        )?;
    }
    Ok(DemoGroups {
        wechat: regulars,
        wecom: newcomers,
        xiaohongshu: bakers,
        owner: owner.name,
    })
}
