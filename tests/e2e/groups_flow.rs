//! A group in the owner's own shop, in both languages: made, its first rules from the templates,
//! members from the list put in it, a rule revised and the two revisions side by side, the rules
//! card printed to a one-page A5 PDF, a breach logged and the ladder's next step proposed.

use super::harness::{Session, WAIT, screenshots_dir, tid};
use super::tool;
use serde_json::json;

/// Whether the PDF's text holds `want`. pdftotext gives some Han characters as the Kangxi
/// radicals the font draws them with (⾯ for 面): such a character matches any Han character.
fn in_pdf(text: &str, want: &str) -> bool {
    let hay: Vec<char> = text.chars().collect();
    let want: Vec<char> = want.chars().collect();
    let radical = |c: char| ('\u{2E80}'..='\u{2FDF}').contains(&c);
    let han = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    hay.windows(want.len().max(1)).any(|w| {
        w.iter()
            .zip(&want)
            .all(|(h, c)| h == c || (radical(*h) && han(*c)))
    })
}

/// What the window says in `zh`'s or English's words.
struct Said {
    group: &'static str,
    slogan: &'static str,
    /// A template rule's title as the first revision has it.
    template: &'static str,
    added_words: &'static str,
    diff_reworded: &'static str,
    rules_heading: &'static str,
    ladder_first: &'static str,
    ladder_next: &'static str,
}

const EN: Said = Said {
    group: "Sourdough Club",
    slogan: "Bread <b>every</b> day",
    template: "No ads",
    added_words: " and no selling",
    diff_reworded: "1 reworded",
    rules_heading: "Group rules",
    ladder_first: "proposes a reminder",
    ladder_next: "proposes: Warning",
};

const ZH: Said = Said {
    group: "酸面包俱乐部",
    slogan: "每天<b>一口</b>好面包",
    template: "不发广告",
    added_words: "，也不私下推销",
    diff_reworded: "改写 1",
    rules_heading: "群规",
    ladder_first: "建议“提醒”",
    ladder_next: "建议下一步“警告”",
};

fn flow(name: &str, chinese: bool) {
    let said = if chinese { ZH } else { EN };
    let Some(s) = super::own_shop(name, chinese) else {
        return;
    };
    // Two members on the member list, to put in the group.
    let ids = super::two_members(&s);

    // A new group, named and given a slogan with markup in it (shown as text).
    s.click(&tid("nav-groups"));
    s.wait_for(&tid("groups-empty"));
    s.click(&tid("new-group"));
    s.wait_for(&tid("group-form"));
    s.type_into(&tid("group-name"), said.group);
    s.type_into(&tid("group-slogan"), said.slogan);
    s.click(&tid("save-group"));
    s.wait_until("the new group's page", WAIT, |s| {
        (s.find(&tid("group-title")).is_some() && s.text(&tid("group-title")) == said.group)
            .then_some(())
    });

    // Its first rules, from the templates.
    s.click(&tid("group-tab-rules"));
    s.wait_for(&tid("rules-none"));
    s.click(&tid("rules-from-templates"));
    s.wait_for(&tid("rules-editor"));
    assert_eq!(s.count(&tid("rule-draft")), 7, "the plans' seven templates");
    assert_eq!(s.value(&tid("rule-title-0")), said.template);
    s.click(&tid("save-rules"));
    s.wait_gone(&tid("rules-editor"));
    s.wait_until("seven rules", WAIT, |s| {
        (s.count(&format!("{} li", tid("rules-list"))) == 7).then_some(())
    });

    // Members from the list, picked.
    s.click(&tid("group-tab-overview"));
    s.click(&tid("add-to-group"));
    s.wait_for(&tid("member-picker"));
    for id in &ids {
        s.click(&tid(&format!("pick-{id}")));
    }
    s.click(&tid("picker-add"));
    s.wait_gone(&tid("member-picker"));
    s.wait_until("two members on the list", WAIT, |s| {
        (s.count(&tid("listed-row")) == 2).then_some(())
    });
    // A size as read in the chat app.
    s.type_into(&tid("size-value"), "57");
    s.click(&tid("record-size"));
    s.wait_until("the size shown", WAIT, |s| {
        s.text(&tid("group-size-now")).contains("57").then_some(())
    });
    s.screenshot(&format!("{name}-overview"));

    // A rule reworded: a second revision, and the two side by side with the words marked.
    s.click(&tid("group-tab-rules"));
    s.click(&tid("revise-rules"));
    s.wait_for(&tid("rules-editor"));
    // Set as a paste would (WebKitWebDriver's typed keys lose Chinese text in a textarea).
    let body = s.value(&tid("rule-body-0"));
    s.execute(
        "const el = document.querySelector(arguments[0]); el.value = arguments[1];
         el.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![
            json!(tid("rule-body-0")),
            json!(format!("{body}{}", said.added_words)),
        ],
    );
    s.type_into(&tid("revision-reason"), "ads in private chats");
    s.click(&tid("save-rules"));
    s.wait_gone(&tid("rules-editor"));
    s.wait_for(&tid("diff-show"));
    s.click(&tid("diff-show"));
    s.wait_for(&tid("rules-diff"));
    let summary = s.text(&tid("diff-summary"));
    assert!(summary.contains(said.diff_reworded), "{summary}");
    let inserted = s.texts(&format!("{} ins", tid("rules-diff")));
    assert!(
        inserted
            .iter()
            .any(|t| said.added_words.contains(t.trim()) && !t.trim().is_empty()),
        "the added words are marked: {inserted:?}"
    );
    assert_eq!(s.count(&tid("diff-row")), 7);
    s.screenshot(&format!("{name}-diff"));

    // The rules card, printed to a PDF by the app's own Save as PDF: one A5 page.
    s.click(&tid("group-tab-card"));
    s.wait_for(&format!("{} article.rules-card", tid("card-preview")));
    let card = s.text(&tid("card-preview"));
    assert!(
        card.contains(said.group) && card.contains(said.slogan),
        "{card}"
    );
    s.screenshot(&format!("{name}-card"));
    let pdf = s.data_dir().with_file_name(format!("{name}-card.pdf"));
    s.answer_dialog(&pdf);
    s.click(&tid("card-pdf"));
    s.wait_for(&tid("card-notice"));
    assert!(pdf.exists(), "no PDF written");
    let _ = tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            &pdf.display().to_string(),
            &screenshots_dir()
                .join(format!("{name}-card-page"))
                .display()
                .to_string(),
        ],
    );
    if let Some(info) = tool("pdfinfo", &[&pdf.display().to_string()]) {
        assert!(
            info.lines()
                .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")),
            "one page: {info}"
        );
        // A5: 420 × 595 points.
        assert!(
            info.lines()
                .any(|l| l.starts_with("Page size:") && l.contains("420") && l.contains("595")),
            "A5: {info}"
        );
        let text = tool("pdftotext", &[&pdf.display().to_string(), "-"]).expect("pdftotext");
        let flat: String = text.split_whitespace().collect();
        let squeeze = |t: &str| t.split_whitespace().collect::<String>();
        for want in [
            said.group,
            said.slogan,
            said.template,
            said.rules_heading,
            said.added_words,
        ] {
            assert!(
                in_pdf(&flat, &squeeze(want)),
                "{want} is not in the PDF: {text}"
            );
        }
    } else {
        eprintln!("pdfinfo (poppler-utils) is missing: skipping the PDF checks");
    }

    // A breach: the ladder proposes a reminder, then, once logged, a warning.
    s.click(&tid("group-tab-moderation"));
    s.wait_for(&tid("breach-form"));
    s.select(&tid("breach-member"), &ids[0].to_string());
    s.wait_until("the ladder's proposal", WAIT, |s| {
        s.find(&tid("ladder"))?;
        s.text(&tid("ladder"))
            .contains(said.ladder_first)
            .then_some(())
    });
    assert_eq!(s.value(&tid("breach-action")), "reminder");
    s.select(&tid("breach-rule"), "1");
    s.click(&tid("log-breach"));
    s.wait_for(&tid("breach-notice"));
    s.wait_until("the entry in the log", WAIT, |s| {
        (s.count(&tid("moderation-row")) == 1).then_some(())
    });
    s.wait_until("the next step", WAIT, |s| {
        s.text(&tid("ladder"))
            .contains(said.ladder_next)
            .then_some(())
    });
    assert_eq!(s.value(&tid("breach-action")), "warning");
    let row = s.text(&tid("moderation-row"));
    assert!(
        row.contains("王小麦") && row.contains(said.template),
        "{row}"
    );
    s.screenshot(&format!("{name}-moderation"));

    // The member's groups, on the member list.
    s.click(&tid("nav-members"));
    s.wait_until("the member's group in the list", WAIT, |s| {
        s.texts(&tid("member-groups"))
            .iter()
            .all(|t| t.contains(said.group))
            .then_some(())
    });
}

#[test]
fn a_group_from_the_templates_revised_printed_and_moderated_in_english() {
    flow("groups_en", false);
}

#[test]
fn a_group_from_the_templates_revised_printed_and_moderated_in_chinese() {
    flow("groups_zh", true);
}

/// The demo's groups as the owner first sees them: three groups with sizes and members on the
/// list, revised rules, a moderation log with its repeat offender, the card of each.
#[test]
fn the_demo_shows_its_three_groups_with_rules_log_and_offender() {
    let Some(s) = Session::start("groups_demo") else {
        return;
    };
    s.wait_for(&tid("welcome"));
    s.click(&tid("open-demo"));
    s.wait_for(&tid("demo-banner"));
    s.click(&tid("nav-groups"));
    s.wait_until("three groups", WAIT, |s| {
        (s.count("[data-testid^=group-card-]") == 3).then_some(())
    });
    for size in s.texts(&tid("group-size")) {
        assert!(size.contains("members · read"), "{size}");
    }
    s.screenshot("groups-demo-list");
    s.click("[data-testid^=group-card-]");
    s.wait_for(&tid("listed-members"));
    assert!(s.count(&tid("listed-row")) > 10);
    s.screenshot("groups-demo-overview");
    s.click(&tid("group-tab-rules"));
    s.wait_for(&tid("revisions"));
    assert!(s.count(&format!("{} tbody tr", tid("revisions"))) >= 3);
    s.click(&tid("diff-show"));
    s.wait_for(&tid("rules-diff"));
    s.execute(
        "document.querySelector(arguments[0]).scrollIntoView()",
        vec![json!(tid("rules-diff"))],
    );
    s.screenshot("groups-demo-diff");
    s.click(&tid("group-tab-card"));
    s.wait_for(&format!("{} article.rules-card", tid("card-preview")));
    s.screenshot("groups-demo-card");
    s.click(&tid("group-tab-moderation"));
    s.wait_for(&tid("moderation-log"));
    assert!(s.count(&tid("moderation-row")) >= 7);
    assert!(s.text(&tid("offenders")).contains("3 breaches"));
    s.execute(
        "document.querySelector(arguments[0]).scrollIntoView()",
        vec![json!(tid("offenders"))],
    );
    s.screenshot("groups-demo-moderation");
}
