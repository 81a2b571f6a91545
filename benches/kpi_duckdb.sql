-- Every KPI of metrics.md (with the choices of docs/metrics-notes.md), natively in DuckDB, over
-- `lines` (the POS export as loaded from CSV) and `members` (name, phone, joined). One row per
-- ISO week from the week of the first sale to the week of the last; benches/kpi.py replaces
-- /*WEEKS*/ with a filter to time one week. The export has no refunds, so refunds_minor is 0.
WITH
l AS (
    SELECT date AS day, receipt_id, nullif(customer_phone, '') AS phone,
           CAST(round(gross * 100) AS BIGINT) AS g, CAST(round(discount * 100) AS BIGINT) AS d
    FROM lines
),
-- Receipts: their day, customer, net, and whether they are sale receipts (a line with net > 0).
r AS (
    SELECT receipt_id, min(day) AS day, any_value(phone) AS phone, sum(g - d) AS net,
           bool_or(g - d > 0) AS sale
    FROM l GROUP BY receipt_id
),
-- A member receipt: the customer is a member and the receipt is dated on or after joining.
rm AS (
    SELECT r.*, CASE WHEN m.joined IS NOT NULL AND r.day >= m.joined THEN m.phone END AS member
    FROM r LEFT JOIN members m ON m.phone = r.phone
),
bounds AS (SELECT min(day) AS first, max(day) AS last FROM l),
all_weeks AS (
    SELECT CAST(ws AS DATE) AS start, CAST(ws + INTERVAL 7 DAY AS DATE) AS e, strftime(ws, '%G-W%V') AS week
    FROM bounds, range(date_trunc('week', first), date_trunc('week', last) + INTERVAL 1 DAY, INTERVAL 7 DAY) t(ws)
),
weeks AS (SELECT * FROM all_weeks /*WEEKS*/),
sales AS (
    SELECT w.week, sum(l.g) AS gross, sum(l.d) AS disc
    FROM weeks w JOIN l ON l.day >= w.start AND l.day < w.e GROUP BY w.week
),
per_week AS (
    SELECT w.week,
           count(*) FILTER (WHERE rm.sale) AS receipts,
           sum(rm.net) FILTER (WHERE rm.member IS NOT NULL) AS member_net,
           sum(rm.net) FILTER (WHERE rm.member IS NULL AND rm.phone IS NOT NULL) AS ordinary_net,
           count(*) FILTER (WHERE rm.sale AND rm.member IS NOT NULL) AS member_receipts,
           count(DISTINCT rm.member) FILTER (WHERE rm.sale) AS active
    FROM weeks w JOIN rm ON rm.day >= w.start AND rm.day < w.e GROUP BY w.week
),
-- Repeat purchases over the 28 days ending at the week's end, members and ordinary customers apart.
visits AS (
    SELECT w.week, rm.member IS NOT NULL AS is_member, coalesce(rm.member, rm.phone) AS person, count(*) AS n
    FROM weeks w JOIN rm ON rm.day >= w.e - 28 AND rm.day < w.e
    WHERE rm.sale AND rm.phone IS NOT NULL
    GROUP BY 1, 2, 3
),
rep AS (
    SELECT week,
           count(*) FILTER (WHERE is_member) AS m1, count(*) FILTER (WHERE is_member AND n >= 2) AS m2,
           count(*) FILTER (WHERE NOT is_member) AS o1, count(*) FILTER (WHERE NOT is_member AND n >= 2) AS o2
    FROM visits GROUP BY week
),
mem AS (
    SELECT w.week,
           (SELECT count(*) FROM members m WHERE m.joined <= w.e - 1) AS total_end,
           (SELECT count(*) FROM members m WHERE m.joined <= w.start - 1) AS total_start,
           (SELECT count(*) FROM members m WHERE m.joined >= w.start AND m.joined < w.e) AS new
    FROM weeks w
),
-- 30-day retention: members who joined 60 to 30 days before the end, bought within 30 days.
ret AS (
    SELECT w.week, count(*) AS cohort,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM rm WHERE rm.member = m.phone AND rm.sale
                   AND rm.day >= m.joined AND rm.day < m.joined + 30)) AS retained
    FROM weeks w JOIN members m ON m.joined >= w.e - 60 AND m.joined < w.e - 30
    GROUP BY w.week
)
SELECT w.week,
       coalesce(s.gross, 0) AS gross_minor,
       coalesce(s.disc, 0) AS discounts_minor,
       0 AS refunds_minor,
       coalesce(s.gross, 0) - coalesce(s.disc, 0) AS net_minor,
       coalesce(p.receipts, 0) AS receipts,
       CASE WHEN coalesce(p.receipts, 0) > 0
            THEN (2 * (s.gross - s.disc) + p.receipts) // (2 * p.receipts) END AS average_ticket_minor,
       coalesce(p.member_net, 0) AS member_net_minor,
       coalesce(p.ordinary_net, 0) AS ordinary_net_minor,
       coalesce(s.gross, 0) - coalesce(s.disc, 0) - coalesce(p.member_net, 0) - coalesce(p.ordinary_net, 0)
           AS anonymous_net_minor,
       coalesce(p.member_receipts, 0) AS member_receipts,
       CASE WHEN coalesce(s.gross, 0) - coalesce(s.disc, 0) != 0
            THEN CAST(coalesce(p.member_net, 0) AS DOUBLE) / (s.gross - s.disc) END AS member_share,
       CASE WHEN coalesce(q.m1, 0) > 0 THEN CAST(q.m2 AS DOUBLE) / q.m1 END AS repeat_rate_members,
       CASE WHEN coalesce(q.o1, 0) > 0 THEN CAST(q.o2 AS DOUBLE) / q.o1 END AS repeat_rate_ordinary,
       CASE WHEN coalesce(q.m1, 0) > 0 AND coalesce(q.o2, 0) > 0
            THEN (CAST(q.m2 AS DOUBLE) / q.m1) / (CAST(q.o2 AS DOUBLE) / q.o1) END AS repeat_multiple,
       m.total_end AS members_total,
       m.new AS new_members,
       0 AS members_left,
       CASE WHEN m.total_start > 0 THEN CAST(m.new AS DOUBLE) / m.total_start END AS growth_rate,
       coalesce(p.active, 0) AS active_members,
       CASE WHEN m.total_end > 0 THEN CAST(coalesce(p.active, 0) AS DOUBLE) / m.total_end END AS activity_rate,
       CASE WHEN coalesce(t.cohort, 0) > 0 THEN CAST(t.retained AS DOUBLE) / t.cohort END AS retention_30d,
       NULL AS check_in_rate,
       NULL AS interaction_rate
FROM weeks w
LEFT JOIN sales s USING (week)
LEFT JOIN per_week p USING (week)
LEFT JOIN rep q USING (week)
LEFT JOIN mem m USING (week)
LEFT JOIN ret t USING (week)
ORDER BY w.week
