// The week at a glance: is the community paying off? KPI cards against last week and the
// owner's targets, the charts Rust draws, and who to act on. Every number comes from Rust
// (metrics.rs) already formatted; this screen only lays it out.
import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../../lib/api";
import type {
  GroupsWeek, ApiError, KpiCard, MemberLine, Status, Trend } from "../../lib/bindings";
import { formatDate, formatDayRange, weekRelation, formatMonthDay, targetFromInput, targetToInput } from "../../lib/format";
import { useLoad } from "../../lib/hooks";
import { FieldError, Modal } from "../../components/modal";
import { useShop, useWords } from "../../lib/shop";
import { words } from "./strings";

/** The KPIs shown as big cards, in this order; the rest go in the table below. */
export const HEADLINE = [
  "member_share",
  "repeat_multiple",
  "activity_rate",
  "retention_30d",
  "net_minor",
  "average_ticket_minor",
  "active_members",
  "new_members",
];

const DEFS_KEY = "regulars.kpiDefinitions";

type Props = {
  week: string | null;
  onWeek: (week: string | null) => void;
  onOpenMember: (id: number) => void;
  onImport: () => void;
  onReview: () => void;
};

export function DashboardPage({ week, onWeek, onOpenMember, onImport, onReview }: Props) {
  const w = useWords(words);
  const { t, info, money: format } = useShop();
  const { data: board, error, reload: load } = useLoad(() => api.dashboard(week), [week, info]);
  const [editing, setEditing] = useState<KpiCard | null>(null);
  const backupProblem = useLoad(() => api.backupProblem(), [info]).data;
  // What each KPI means, one line under its name: the owner's choice, remembered.
  const [defs, setDefs] = useState(() => localStorage.getItem(DEFS_KEY) === "1");
  const toggleDefs = () => {
    localStorage.setItem(DEFS_KEY, defs ? "0" : "1");
    setDefs(!defs);
  };
  // A week chosen before an undo (or a restore) that no longer has sales: back to the default.
  useEffect(() => {
    if (week && board && !board.weeks.includes(week)) onWeek(null);
  }, [board]);

  if (error && !board) return <p class="error-banner" role="alert">{error.message}</p>;
  if (!board) return <p class="muted">…</p>;
  const lang = info.settings.language;

  if (board.weeks.length === 0) {
    return (
      <section class="page">
        <header class="page-head">
          <h1>{w.dashboardTitle}</h1>
        </header>
        <div class="card empty-state" data-testid="dashboard-empty">
          <h2>{t.dashboardEmptyTitle}</h2>
          <p>{w.dashboardEmptyText}</p>
          <button type="button" class="primary" data-testid="dashboard-import" onClick={onImport}>
            {t.dashboardEmptyAction}
          </button>
        </div>
        <GroupsCard groups={board.groups} />
      </section>
    );
  }

  const idx = board.weeks.indexOf(board.week);
  const older = idx >= 0 && idx + 1 < board.weeks.length ? board.weeks[idx + 1] : null;
  const newer = idx > 0 ? board.weeks[idx - 1] : null;
  const byKey = new Map(board.cards.map((c) => [c.key, c]));
  const headline = HEADLINE.map((k) => byKey.get(k)).filter((c): c is KpiCard => !!c);
  const rest = board.cards.filter((c) => !HEADLINE.includes(c.key));
  const money = (minor: number | null) => (minor === null ? "—" : format(minor));
  const relation = weekRelation(board.start, board.end, info.today);
  const weekNumber = board.week.split("W")[1]?.replace(/^0/, "") ?? board.week;
  const title = `${relation === "other" ? w.weekTitle.other(weekNumber) : w.weekTitle[relation]} · ${formatDayRange(board.start, board.end, lang)}`;

  return (
    <section class="page dashboard">
      <header class="page-head">
        <div>
          <h1 data-testid="dashboard-title">{title}</h1>
          <p class="muted" data-testid="dashboard-range">
            {w.weekRange(board.week, formatDate(board.start, lang), formatDate(board.end, lang))}
          </p>
        </div>
        <div class="week-nav">
          <button type="button" class="secondary" aria-label={w.olderWeek} disabled={!older} onClick={() => older && onWeek(older)}>
            ‹
          </button>
          <select data-testid="week-picker" value={board.week} onChange={(e) => onWeek((e.target as HTMLSelectElement).value)}>
            {board.weeks.map((week) => (
              <option value={week} key={week}>
                {week}
              </option>
            ))}
          </select>
          <button type="button" class="secondary" aria-label={w.newerWeek} disabled={!newer} onClick={() => newer && onWeek(newer)}>
            ›
          </button>
          <button type="button" class="secondary" data-testid="toggle-definitions" aria-pressed={defs} onClick={toggleDefs}>
            {defs ? w.hideDefinitions : w.showDefinitions}
          </button>
          <button type="button" class="primary" data-testid="open-review" onClick={onReview}>
            {w.printReview}
          </button>
        </div>
      </header>
      {error && <p class="error-banner">{error.message}</p>}
      {backupProblem && (
        <p class="notice warn" role="status" data-testid="backup-problem">
          {backupProblem.message}
        </p>
      )}
      {board.partial && (
        <p class="notice warn" role="note" data-testid="partial-week">
          {w.partialWeek(formatDayRange(board.partial.from, board.partial.to, lang))}
        </p>
      )}

      <div class="kpi-grid">
        {headline.map((c) => (
          <KpiCardView key={c.key} card={c} partial={!!board.partial} definition={defs} onTarget={() => setEditing(c)} />
        ))}
      </div>

      <div class="charts">
        {board.charts.map((c) => (
          // The SVG is drawn by charts.rs, which escapes every label.
          <figure class="card chart" data-testid={`chart-${c.id}`} key={c.id} aria-label={c.title} dangerouslySetInnerHTML={{ __html: c.svg }} />
        ))}
      </div>

      <div class="lists">
        <MemberList
          testId="list-at-risk"
          title={w.listAtRisk}
          empty={w.listAtRiskEmpty}
          members={board.atRisk}
          detail={(m) => w.lastVisit(formatDate(m.lastVisit, lang), money(m.usualSpendMinor))}
          onOpen={onOpenMember}
        />
        <MemberList
          testId="list-birthdays"
          title={w.listBirthdays}
          empty={w.listBirthdaysEmpty}
          members={board.birthdays}
          detail={(m) => formatMonthDay(m.birthday, lang)}
          onOpen={onOpenMember}
        />
        <MemberList
          testId="list-koc"
          title={w.listKoc}
          empty={w.listKocEmpty}
          members={board.koc}
          detail={(m) => w.kocScore(m.kocScore ?? 0)}
          onOpen={onOpenMember}
        />
        <div class="card list" data-testid="list-big-spenders">
          <h2>{w.listBigSpenders}</h2>
          <p class="hint">{w.listBigSpendersHint}</p>
          {board.bigSpenders.length === 0 ? (
            <p class="muted">{w.listBigSpendersEmpty}</p>
          ) : (
            <ul>
              {board.bigSpenders.map((c) => (
                <li key={c.identity_id}>
                  <span>{c.name ?? c.label}</span>
                  <span class="muted num">{w.spendLine(c.receipts, money(c.spend_minor))}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>

      <GroupsCard groups={board.groups} />

      <details class="card all-kpis" open>
        <summary>
          <h2>{w.allKpis}</h2>
        </summary>
        <table>
          <thead>
            <tr>
              <th>{w.kpiName}</th>
              <th class="num">{w.thisWeek}</th>
              <th class="num">{w.lastWeek}</th>
              <th class="num">{w.target}</th>
              <th>{w.status}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rest.map((c) => (
              <tr key={c.key} data-testid={`kpi-card-${c.key}`} title={c.formula}>
                <td>
                  {c.label}
                  {defs && (
                    <span class="sub kpi-def" data-testid={`kpi-def-${c.key}`}>
                      {c.formula}
                    </span>
                  )}
                  {c.smallSample && (
                    <span class="sub kpi-small" data-testid={`kpi-small-${c.key}`}>
                      {c.smallSample}
                    </span>
                  )}
                </td>
                <td class="num">
                  <span data-testid={`kpi-value-${c.key}`}>{c.display}</span>
                  <TrendArrow card={c} />
                </td>
                <td class="num">{c.previousDisplay}</td>
                <td class="num">{c.targetDisplay ?? "—"}</td>
                <td data-testid={`kpi-status-${c.key}`}>{statusPill(w, c.status)}</td>
                <td>
                  <button type="button" class="link" data-testid={`set-target-${c.key}`} onClick={() => setEditing(c)}>
                    {w.setTarget}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>

      {editing && (
        <TargetForm
          card={editing}
          digits={info.currency_digits}
          symbol={info.currency_symbol}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            load();
          }}
        />
      )}
    </section>
  );
}

/** The change since last week: its arrow, green when it is good news, red when bad. */
function TrendArrow({ card }: { card: KpiCard }) {
  const w = useWords(words);
  if (!card.trend) return null;
  const arrow: Record<Trend, string> = { up: "↑", down: "↓", flat: "→" };
  const news = card.better === null ? "flat" : card.better ? "good" : "bad";
  return (
    <span class={`trend ${news}`} data-testid={`kpi-trend-${card.key}`} title={w.trendNews[news]}>
      {" "}
      {arrow[card.trend]}
    </span>
  );
}

function statusPill(w: (typeof words)["en"], status: Status | null) {
  if (!status) return <span class="muted">—</span>;
  return <span class={`pill status-${status}`}>{w.statusName[status]}</span>;
}

function KpiCardView({ card, partial, definition, onTarget }: { card: KpiCard; partial: boolean; definition: boolean; onTarget: () => void }) {
  const w = useWords(words);
  return (
    <div class="card kpi" data-testid={`kpi-card-${card.key}`} title={card.formula}>
      <div class="kpi-label">
        {card.label}
        {partial && (
          <span class="pill partial" data-testid={`kpi-partial-${card.key}`}>
            {w.partialTag}
          </span>
        )}
      </div>
      {definition && (
        <p class="kpi-def" data-testid={`kpi-def-${card.key}`}>
          {card.formula}
        </p>
      )}
      <div class="kpi-value num">
        <span data-testid={`kpi-value-${card.key}`}>{card.display}</span>
        <TrendArrow card={card} />
      </div>
      {card.smallSample && (
        <div class="kpi-small" data-testid={`kpi-small-${card.key}`}>
          {card.smallSample}
        </div>
      )}
      <div class="kpi-meta">
        <span class="num">{w.vsLastWeek(card.previousDisplay)}</span>
      </div>
      <div class="kpi-meta">
        <span class="num">{card.targetDisplay ? w.targetIs(card.targetDisplay) : w.noTarget}</span>
        <span data-testid={`kpi-status-${card.key}`}>{statusPill(w, partial ? null : card.status)}</span>
      </div>
      <button type="button" class="link small" data-testid={`set-target-${card.key}`} onClick={onTarget}>
        {w.setTarget}
      </button>
    </div>
  );
}

function MemberList(props: {
  testId: string;
  title: string;
  empty: string;
  members: MemberLine[];
  detail: (m: MemberLine) => string;
  onOpen: (id: number) => void;
}) {
  const w = useWords(words);
  const { members } = props;
  const withoutConsent = members.filter((m) => !m.marketingConsent).length;
  return (
    <div class="card list" data-testid={props.testId}>
      <h2>{props.title}</h2>
      {members.length === 0 ? (
        <p class="muted">{props.empty}</p>
      ) : (
        <ul>
          {members.map((m) => (
            <li key={m.memberId}>
              <button type="button" class="link member-link" data-testid="list-member" onClick={() => props.onOpen(m.memberId)}>
                {m.name}
              </button>
              {!m.marketingConsent && <span class="pill no-consent">{w.noConsent}</span>}
              <span class="muted num">{props.detail(m)}</span>
            </li>
          ))}
        </ul>
      )}
      {withoutConsent > 0 && <p class="hint">{w.noConsentHint(withoutConsent)}</p>}
    </div>
  );
}

function TargetForm(props: { card: KpiCard; digits: number; symbol: string; onClose: () => void; onSaved: () => void }) {
  const w = useWords(words);
  const { card } = props;
  const { t } = useShop();
  const [text, setText] = useState(targetToInput(card.unit, card.target, props.digits));
  const [error, setError] = useState<ApiError | null>(null);
  const save = (value: number | null) =>
    api.setTarget(card.key, value).then(props.onSaved, (e) =>
      setError(toApiError(e)),
    );
  const submit = (e: Event) => {
    e.preventDefault();
    const value = targetFromInput(card.unit, text, props.digits);
    if (value === null) {
      setError({ code: "invalid", message: w.targetInvalid, field: "target" });
      return;
    }
    save(value);
  };
  const unit = card.unit === "ratio" ? "%" : card.unit === "money" ? props.symbol : card.unit === "multiple" ? "×" : "";
  return (
    <Modal title={w.targetTitle(card.label)} testId="target-form" onClose={props.onClose}>
      <form onSubmit={submit}>
        <p class="hint">{card.formula}</p>
        <label>
          {w.targetValue}
          <span class="input-unit">
            <input inputMode="decimal" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} data-testid="target-input" />
            <span>{unit}</span>
          </span>
        </label>
        <FieldError error={error} field="target" />
        {error && error.field !== "target" && <p class="error-banner">{error.message}</p>}
        <div class="actions">
          <button type="button" class="secondary" data-testid="target-default" onClick={() => save(null)}>
            {w.targetDefault}
          </button>
          <button type="button" class="secondary" onClick={props.onClose}>
            {t.cancel}
          </button>
          <button type="submit" class="primary" data-testid="target-save">
            {t.save}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The groups of the week: each group's size as read, members on the list and moderation; the
 * repeat offenders and the rules due for a review (shown with or without sales). */
function GroupsCard(props: { groups: GroupsWeek }) {
  const w = useWords(words);
  const { info } = useShop();
  const lang = info.settings.language;
  const groups = props.groups;
  if (groups.groups.length === 0) return null;
  return (
    <div class="card groups-week" data-testid="dashboard-groups">
          <h2>{w.groupsTitle}</h2>
          <table class="members">
            <thead>
              <tr>
                <th>{w.groupCol}</th>
                <th class="num">{w.groupSize}</th>
                <th class="num">{w.groupMoves}</th>
                <th class="num">{w.groupMessages}</th>
                <th>{w.groupRate}</th>
                <th class="num">{w.groupListed}</th>
                <th class="num">{w.groupActions}</th>
              </tr>
            </thead>
            <tbody>
              {groups.groups.map((g) => {
                const d = g.days;
                const count = (v: number | null) => (v === null ? "—" : String(v));
                return (
                  <tr key={g.id} data-testid="dashboard-group">
                    <td>
                      <span class="name">{g.name}</span>
                      <span class="sub">{g.platform}</span>
                    </td>
                    <td class="num" data-testid="dashboard-group-size">
                      {d.size !== null ? String(d.size) : g.size ? w.groupSizeOn(g.size.size, formatDate(g.size.on, lang)) : "—"}
                    </td>
                    <td class="num" data-testid="dashboard-group-moves">
                      {count(d.joins)} / {count(d.leaves)}
                    </td>
                    <td class="num" data-testid="dashboard-group-messages">{count(d.messages)}</td>
                    <td class="speaking" data-testid="dashboard-group-rate">
                      <span class="num">{d.rate === null ? "—" : `${Math.round(d.rate * 100)}%`}</span>
                      {/* Our own SVG, drawn by plotters from numbers and weekday names. */}
                      <span class="spark" dangerouslySetInnerHTML={{ __html: d.chart }} />
                    </td>
                    <td class="num">{g.listed}</td>
                    <td class="num">{g.actions}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {groups.offenders.length > 0 && (
            <p data-testid="dashboard-offenders">
              <strong>{w.repeatOffenders(info.settings.community.ladder_days)}</strong>{" "}
              {groups.offenders.map((o) => w.offenderLine(o.who, o.group, o.breaches)).join(lang === "zh-CN" ? "；" : "; ")}
            </p>
          )}
          {groups.rules_due.map((d) => (
            <p class="notice" key={d.group_id} data-testid="dashboard-rules-due">
              {w.rulesDue(d.group, d.last_on ? formatDate(d.last_on, lang) : null)}
            </p>
          ))}
        </div>
  );
}
