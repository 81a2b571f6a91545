// A group's activity: the week grid (typed figures beside what the imports say), the chat-export
// import with its confirm steps (who each sender is, which candidates broke a rule), and the
// platform's statistics export through the shared import wizard.
import { useState } from "preact/hooks";
import { api, toApiError } from "../../lib/api";
import type { Action, ApiError, Candidate, ChatReport, Decision, DayInput, DayOrder, Figures, GroupPage, Seen } from "../../lib/bindings";
import { formatDate } from "../../lib/format";
import { useLoad } from "../../lib/hooks";
import { useShop, useWords } from "../../lib/shop";
import { ImportWizard } from "../imports/wizard";
import { words } from "./strings";

const FIELDS: (keyof Figures)[] = ["size", "joins", "leaves", "speakers", "messages"];

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The Monday (or the week start) of the week holding `day`. */
function weekStart(day: string, sunday: boolean): string {
  const d = new Date(`${day}T12:00:00Z`);
  const back = sunday ? d.getUTCDay() : (d.getUTCDay() + 6) % 7;
  return addDays(day, -back);
}

export function Activity(props: { page: GroupPage; onChanged: () => void }) {
  return (
    <div class="activity">
      <WeekGrid page={props.page} onChanged={props.onChanged} />
      <ChatImport page={props.page} onChanged={props.onChanged} />
    </div>
  );
}

function WeekGrid(props: { page: GroupPage; onChanged: () => void }) {
  const w = useWords(words);
  const { info } = useShop();
  const lang = info.settings.language;
  const group = props.page.group.id;
  const [start, setStart] = useState(() => weekStart(info.today, info.settings.week_start === "sunday"));
  const end = addDays(start, 6);
  const { data: days, error, reload } = useLoad(() => api.groupDays(group, start, end), [group, start]);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [importing, setImporting] = useState(false);
  const key = (day: string, f: keyof Figures) => `${day}:${f}`;
  const save = async () => {
    if (!days) return;
    const input: DayInput[] = days.map((d) => {
      const figures = { ...d.typed };
      for (const f of FIELDS) {
        const text = typed[key(d.on, f)];
        if (text !== undefined) figures[f] = text.trim() === "" ? null : Number(text);
      }
      return { on: d.on, figures };
    });
    try {
      const n = await api.typeGroupDays(group, input);
      setNote(w.act.savedWeek(n));
      setFailure(null);
      setTyped({});
      reload();
      props.onChanged();
    } catch (e) {
      setFailure(toApiError(e));
    }
  };
  const today = info.today;
  return (
    <section class="card" data-testid="week-grid">
      <h2>{w.act.weekTitle}</h2>
      <p class="muted">{w.act.weekLead}</p>
      <div class="actions">
        <button type="button" class="link" data-testid="week-prev" onClick={() => setStart(addDays(start, -7))}>
          {w.act.prevWeek}
        </button>
        <span>
          {formatDate(start, lang)} – {formatDate(end, lang)}
        </span>
        <button type="button" class="link" data-testid="week-next" disabled={end >= today} onClick={() => setStart(addDays(start, 7))}>
          {w.act.nextWeek}
        </button>
      </div>
      {error && <p class="error-banner">{error.message}</p>}
      {days && (
        <table class="grid">
          <thead>
            <tr>
              <th>{w.act.day}</th>
              {FIELDS.map((f) => (
                <th key={f}>{w.act[f]}</th>
              ))}
              <th>{w.act.rate}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => {
              const rate = d.figures.speakers !== null && d.figures.size ? d.figures.speakers / d.figures.size : null;
              const closed = d.on > today || d.on < props.page.group.created_on;
              return (
                <tr key={d.on} data-testid={`day-${d.on}`}>
                  <td>{formatDate(d.on, lang)}</td>
                  {FIELDS.map((f) => {
                    const own = typed[key(d.on, f)] ?? (d.typed[f] === null ? "" : String(d.typed[f]));
                    const known = d.figures[f];
                    const hint = known === null ? "—" : String(known) + (f === "size" && w.act.sizeFrom[d.size_from] ? ` (${w.act.sizeFrom[d.size_from]})` : "");
                    return (
                      <td key={f}>
                        <input
                          type="number"
                          min={0}
                          inputMode="numeric"
                          disabled={closed}
                          data-testid={`day-${d.on}-${f}`}
                          aria-label={`${w.act[f]} ${d.on}`}
                          value={own}
                          placeholder={hint}
                          onInput={(e) => setTyped({ ...typed, [key(d.on, f)]: (e.target as HTMLInputElement).value })}
                        />
                      </td>
                    );
                  })}
                  <td class="num" data-testid={`day-${d.on}-rate`}>
                    {rate === null ? "—" : `${Math.round(rate * 100)}%`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {failure && <p class="error-banner">{failure.message}</p>}
      {note && <p class="notice" data-testid="week-saved">{note}</p>}
      <div class="actions">
        <button type="button" data-testid="week-save" onClick={save}>
          {w.act.saveWeek}
        </button>
        <button type="button" class="secondary" data-testid="stats-import" onClick={() => setImporting(true)}>
          {w.act.importStats}
        </button>
      </div>
      {importing && (
        <ImportWizard
          kind="groupStats"
          onImported={() => {
            reload();
            props.onChanged();
          }}
          onCancel={() => setImporting(false)}
        />
      )}
    </section>
  );
}

function ChatImport(props: { page: GroupPage; onChanged: () => void }) {
  const w = useWords(words);
  const { info } = useShop();
  const lang = info.settings.language;
  const group = props.page.group.id;
  const [report, setReport] = useState<ChatReport | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [asking, setAsking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (token: string, order: DayOrder | null) => {
    setBusy(true);
    try {
      const r = await api.chatImport(token, group, order);
      setReport(r);
      setFailure(null);
      setAsking(null);
      props.onChanged();
    } catch (e) {
      const err = toApiError(e);
      if (err.code === "chooseDateOrder") {
        setAsking(token);
        setFailure(null);
      } else {
        setFailure(err);
      }
    } finally {
      setBusy(false);
    }
  };
  const choose = async () => {
    try {
      const chosen = await api.chooseFile("chat", { filter: w.act.chooseChat, file_name: null });
      if (chosen) await run(chosen.token, null);
    } catch (e) {
      setFailure(toApiError(e));
    }
  };
  return (
    <section class="card" data-testid="chat-import">
      <h2>{w.act.chatTitle}</h2>
      <p class="muted">{w.act.chatLead}</p>
      <div class="actions">
        <button type="button" data-testid="chat-import-choose" disabled={busy} onClick={choose}>
          {w.act.importChat}
        </button>
      </div>
      {asking && (
        <div class="notice" data-testid="chat-date-order">
          <p>{w.act.dateOrder}</p>
          <button type="button" data-testid="chat-day-first" onClick={() => run(asking, "day_first")}>
            {w.act.dayFirst}
          </button>{" "}
          <button type="button" data-testid="chat-month-first" onClick={() => run(asking, "month_first")}>
            {w.act.monthFirst}
          </button>
        </div>
      )}
      {failure && <p class="error-banner" data-testid="chat-error">{failure.message}</p>}
      {report && (
        <>
          <p class="notice" data-testid="chat-summary">
            {report.file_name} ({formatDate(report.first_day, lang)} – {formatDate(report.last_day, lang)}):{" "}
            {w.act.summary(report.messages, report.added, report.already, report.senders, report.joins, report.leaves, report.checkins)}
          </p>
          <Senders group={group} people={report.people} onChanged={props.onChanged} />
          {report.flags.length > 0 && <Flags flags={report.flags} onChanged={props.onChanged} />}
        </>
      )}
    </section>
  );
}

/** A sender's choice in the confirm step, as the select's value. */
function choiceOf(p: Seen): string {
  const d = p.decision;
  if (d.kind === "member") return `member:${d.member_id}`;
  if (d.kind === "staff") return "staff";
  if (d.kind === "other") return "other";
  if (p.proposal.kind === "member") return `member:${p.proposal.member_id}`;
  if (p.proposal.kind === "staff") return "staff";
  return "";
}

function decisionOf(value: string): Decision | null {
  if (value.startsWith("member:")) return { kind: "member", member_id: Number(value.slice(7)) };
  if (value === "staff") return { kind: "staff", staff_id: null };
  if (value === "other") return { kind: "other", label: null };
  return null;
}

function Senders(props: { group: number; people: Seen[]; onChanged: () => void }) {
  const w = useWords(words);
  const [choices, setChoices] = useState<Record<number, string>>(() => Object.fromEntries(props.people.map((p) => [p.sender_id, choiceOf(p)])));
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const confirm = async () => {
    const decisions = props.people.flatMap((p) => {
      const d = decisionOf(choices[p.sender_id] ?? "");
      return d ? [{ sender_id: p.sender_id, decision: d }] : [];
    });
    try {
      const n = await api.decideSenders(props.group, decisions);
      setNote(w.act.confirmed(n));
      setFailure(null);
      props.onChanged();
    } catch (e) {
      setFailure(toApiError(e));
    }
  };
  return (
    <div data-testid="chat-senders">
      <h3>{w.act.sendersTitle}</h3>
      <p class="muted">{w.act.sendersLead}</p>
      <table class="grid">
        <thead>
          <tr>
            <th>{w.act.sender}</th>
            <th class="num">{w.act.messages}</th>
            <th>{w.act.who}</th>
          </tr>
        </thead>
        <tbody>
          {props.people.map((p) => {
            const members =
              p.proposal.kind === "member"
                ? [{ member_id: p.proposal.member_id, label: p.proposal.label }]
                : p.proposal.kind === "several"
                  ? p.proposal.members
                  : [];
            return (
              <tr key={p.sender_id} data-testid={`sender-${p.sender_id}`}>
                <td>
                  {p.name}
                  {p.proposal.kind === "several" && <span class="muted"> · {w.act.several}</span>}
                </td>
                <td class="num">{p.messages}</td>
                <td>
                  <select
                    data-testid={`sender-${p.sender_id}-choice`}
                    value={choices[p.sender_id] ?? ""}
                    onChange={(e) => setChoices({ ...choices, [p.sender_id]: (e.target as HTMLSelectElement).value })}
                  >
                    <option value="">{w.act.skip}</option>
                    {members.map((m) => (
                      <option key={m.member_id} value={`member:${m.member_id}`}>
                        {m.label}
                      </option>
                    ))}
                    <option value="staff">{w.act.staffChoice}</option>
                    <option value="other">{w.act.otherChoice}</option>
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {failure && <p class="error-banner">{failure.message}</p>}
      {note && <p class="notice" data-testid="senders-confirmed">{note}</p>}
      <div class="actions">
        <button type="button" data-testid="senders-confirm" onClick={confirm}>
          {w.act.confirmSenders}
        </button>
      </div>
    </div>
  );
}

function Flags(props: { flags: Candidate[]; onChanged: () => void }) {
  const w = useWords(words);
  const { info } = useShop();
  const lang = info.settings.language;
  const [done, setDone] = useState<Record<number, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const act = async (f: Candidate, action: Action | null) => {
    try {
      if (action) {
        await api.confirmFlag({ flag_id: f.flag_id, action, rule_id: null, handled_by: null, excerpt: f.excerpt });
      } else {
        await api.dismissFlag(f.flag_id);
      }
      setDone({ ...done, [f.flag_id]: action ? w.act.logged : w.act.dismissed });
      setFailure(null);
      props.onChanged();
    } catch (e) {
      setFailure(toApiError(e));
    }
  };
  return (
    <div data-testid="chat-flags">
      <h3>{w.act.flagsTitle}</h3>
      <p class="muted">{w.act.flagsLead}</p>
      {failure && <p class="error-banner">{failure.message}</p>}
      <ul class="flags">
        {props.flags.map((f) => (
          <li key={f.flag_id} data-testid={`flag-${f.flag_id}`}>
            <strong>{f.name}</strong> · {formatDate(f.at.slice(0, 10), lang)} · {f.hits.map((h) => w.act.hits[h]).join(", ")}
            {f.word ? ` (${f.word})` : ""}
            <blockquote>{f.excerpt}</blockquote>
            {done[f.flag_id] ? (
              <span class="muted">{done[f.flag_id]}</span>
            ) : (
              <>
                <button type="button" data-testid={`flag-${f.flag_id}-log`} onClick={() => act(f, "reminder")}>
                  {w.act.confirmFlag}
                </button>{" "}
                <button type="button" class="secondary" data-testid={`flag-${f.flag_id}-dismiss`} onClick={() => act(f, null)}>
                  {w.act.dismissFlag}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
