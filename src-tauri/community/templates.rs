//! Data only: the rules a group starts from, drawn from the operators' plans, in both languages
//! (title, text). The breach ladder's words are the moderation log's (`moderation::Action`).

use crate::i18n::Lang;

/// (title zh, text zh, title en, text en)
const TEMPLATES: &[(&str, &str, &str, &str)] = &[
    (
        "不发广告",
        "未经群主同意，不发广告、外部链接、二维码或小程序。",
        "No ads",
        "Without the owner's agreement, no ads, outside links, QR codes or mini-programs.",
    ),
    (
        "不刷屏",
        "不连续发送无关内容、表情包或拉票信息。",
        "No spam or flooding",
        "No runs of off-topic posts, stickers or requests for votes.",
    ),
    (
        "友善交流",
        "尊重每一位群友，不做人身攻击，不发辱骂或歧视的言论。",
        "Be kind",
        "Respect everyone here: no personal attacks, insults or discrimination.",
    ),
    (
        "不谈政治、不传谣",
        "不讨论政治话题，不转发未经证实的消息。",
        "No politics or rumours",
        "No political topics, and no forwarding of news nobody has checked.",
    ),
    (
        "打卡有礼",
        "每天在群里发“打卡”签到，连续打卡可到店兑换小礼物。",
        "Check-in rewards",
        "Post 打卡 in the group each day to check in; a streak earns a small treat in the shop.",
    ),
    (
        "欢迎新朋友",
        "新朋友入群请简单介绍自己，管理员会在一天内欢迎你。",
        "Welcome, newcomers",
        "New here? Say hello and tell us a little about yourself; an admin welcomes you within a day.",
    ),
    (
        "违规处理",
        "违反群规将依次：提醒 → 警告 → 禁言 → 移出群聊。",
        "If a rule is broken",
        "Breaches are handled step by step: reminder → warning → mute → removal from the group.",
    ),
];

/// The template rules in `lang`, in order: (title, text).
pub fn rules(lang: Lang) -> Vec<(&'static str, &'static str)> {
    TEMPLATES
        .iter()
        .map(|&(tz, bz, te, be)| (lang.of(tz, te), lang.of(bz, be)))
        .collect()
}
