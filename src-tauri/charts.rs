//! Placeholder charts (plain SVG text) until the plotters charts land from branch `charts`.
use crate::i18n::Lang;
use crate::settings::Currency;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct WeekPoint {
    pub label: String,
    pub member_net_minor: i64,
    pub ordinary_net_minor: i64,
    pub anonymous_net_minor: i64,
    pub repeat_members: Option<f64>,
    pub repeat_ordinary: Option<f64>,
    pub ticket_members_minor: Option<i64>,
    pub ticket_others_minor: Option<i64>,
    pub stages: [i64; 4],
    pub new_members: i64,
    pub active_members: i64,
}
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cohort {
    pub label: String,
    pub size: i64,
    pub retention: Vec<Option<f64>>,
}
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartInput {
    pub weeks: Vec<WeekPoint>,
    pub cohorts: Vec<Cohort>,
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    NetSales,
    RepeatRate,
    AverageTicket,
    Members,
    Cohorts,
}
impl Chart {
    pub const ALL: [Chart; 5] = [
        Chart::NetSales,
        Chart::RepeatRate,
        Chart::AverageTicket,
        Chart::Members,
        Chart::Cohorts,
    ];
    pub fn id(self) -> &'static str {
        match self {
            Chart::NetSales => "net_sales",
            Chart::RepeatRate => "repeat_rate",
            Chart::AverageTicket => "average_ticket",
            Chart::Members => "members",
            Chart::Cohorts => "cohorts",
        }
    }
    pub fn from_id(id: &str) -> Option<Chart> {
        Chart::ALL.into_iter().find(|c| c.id() == id)
    }
    pub fn title(self, _lang: Lang) -> &'static str {
        self.id()
    }
}
pub fn render(chart: Chart, input: &ChartInput, _lang: Lang, _currency: &Currency) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>{} {}</text></svg>",
        chart.id(),
        input.weeks.len()
    )
}
