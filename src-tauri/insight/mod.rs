//! What the owner reads: the KPIs (`metrics`) against their targets
//! (`targets`), the charts (`charts`, SVG), the dashboard (`dashboard`) and
//! the printable weekly review (`report`), and the members list as the owner
//! acts on it (`member_table`: last visit, visits, spend, stage); the groups
//! (`groups`: a group's page, a week's groups) and each group's printable rules
//! card (`rules_card`). `html` escapes everything they print.

pub mod charts;
pub mod dashboard;
pub mod groups;
pub mod html;
pub mod member_table;
pub mod metrics;
pub mod report;
pub mod rules_card;
pub mod targets;
