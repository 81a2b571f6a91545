//! The weekly review of the demo shop, printed to PDF by the app's own Save as PDF (WebKitGTK):
//! one or two A4 pages, every section and every KPI of `kpi --json` on them, nothing cut off.

use super::harness::{Session, WAIT, tid};
use super::tool;
use crate::fixtures::regulars;
use serde_json::{Value, json};

#[test]
fn the_review_prints_to_one_or_two_a4_pages_with_every_kpi() {
    let Some(s) = Session::start("review") else {
        return;
    };
    s.wait_for(&tid("welcome"));
    s.click(&tid("open-demo"));
    s.wait_for(&tid("kpi-card-member_share"));
    s.click(&tid("open-review"));
    s.wait_for(&format!("{} article.review", tid("review-preview")));
    let week = s
        .execute(
            "return document.querySelector(arguments[0]).value",
            vec![json!(tid("review-week"))],
        )
        .as_str()
        .expect("week")
        .to_string();

    // What the CLI computes for the same week, as the owner reads it (from the same dashboard).
    let demo = s.data_dir().join("demo");
    let out = regulars(&demo, &["kpi", "--json", "--week", week.trim()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kpis: Value = serde_json::from_slice(&out.stdout).expect("json");
    let board = s.invoke("dashboard", json!({ "week": week.trim() }));
    let cards = board["cards"].as_array().expect("cards");
    for card in cards {
        let key = card["key"].as_str().expect("key");
        assert_eq!(
            card["value"], kpis[key],
            "{key}: the dashboard and kpi --json agree"
        );
    }

    let pdf = s.data_dir().with_file_name("review.pdf");
    s.answer_dialog(&pdf);
    s.click(&tid("review-pdf"));
    s.wait_for(&tid("review-notice"));
    assert!(pdf.exists(), "no PDF written");
    // The pages as pictures, to look at (before any check, so a failure can be seen).
    let shots = super::harness::screenshots_dir();
    let _ = tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            &pdf.display().to_string(),
            &shots.join("review-page").display().to_string(),
        ],
    );
    let Some(info) = tool("pdfinfo", &[&pdf.display().to_string()]) else {
        eprintln!("pdfinfo (poppler-utils) is missing: skipping the PDF checks");
        return;
    };
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pages");
    assert!((1..=2).contains(&pages), "{pages} pages");
    assert!(
        info.lines()
            .any(|l| l.starts_with("Page size:") && l.contains("595") && l.contains("842")),
        "A4: {info}"
    );
    let text = tool("pdftotext", &["-layout", &pdf.display().to_string(), "-"]).expect("pdftotext");
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for heading in [
        "This week in brief",
        "KPIs",
        "Charts",
        "Members",
        "Groups",
        "Next week",
    ] {
        assert!(flat.contains(heading), "{heading} is not in the PDF");
    }
    // The Monday agenda: the findings lead with what went wrong, then what went right.
    let brief =
        &flat[flat.find("This week in brief").expect("brief")..flat.find("KPIs").expect("kpis")];
    let first = |words: &[&str]| words.iter().filter_map(|w| brief.find(w)).min();
    let wrong = first(&["below", "fell", "short of", "over the", "drifting"]);
    let right = first(&["meeting", "rose", "within"]);
    if let (Some(w), Some(r)) = (wrong, right) {
        assert!(w < r, "what went wrong leads: {brief}");
    }
    // The printed lists are complete: "and 4 more" belongs on the screen.
    for n in 1..=40 {
        assert!(
            !flat.contains(&format!("and {n} more")),
            "a cut list in print"
        );
    }
    for card in cards {
        let display = card["display"].as_str().expect("display");
        assert!(
            flat.contains(display),
            "{} ({display}) is not in the PDF",
            card["key"]
        );
    }
    // Nothing runs off the page: every text box lies inside the A4 page.
    let bbox = tool("pdftotext", &["-bbox", &pdf.display().to_string(), "-"]).expect("bbox");
    for line in bbox.lines().filter(|l| l.contains("<word ")) {
        let attr = |name: &str| -> f64 {
            line.split(&format!("{name}=\""))
                .nth(1)
                .and_then(|r| r.split('"').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(0.0)
        };
        assert!(
            attr("xMin") >= 0.0
                && attr("xMax") <= 595.5
                && attr("yMin") >= 0.0
                && attr("yMax") <= 842.5,
            "cut off: {line}"
        );
    }
    // The week picker: the week before, in the preview.
    let previous = s
        .execute(
            "return document.querySelector(arguments[0]).options[1].value",
            vec![json!(tid("review-week"))],
        )
        .as_str()
        .expect("previous week")
        .to_string();
    s.select(&tid("review-week"), &previous);
    let number = previous
        .rsplit('W')
        .next()
        .expect("number")
        .trim_start_matches('0')
        .to_string();
    s.wait_until("the previous week's review", WAIT, |s| {
        s.text(&tid("review-preview"))
            .contains(&format!("Week {number} "))
            .then_some(())
    });
}
