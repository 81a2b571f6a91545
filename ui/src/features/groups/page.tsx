// The groups (社群): the list of groups, one group's page — its details and typed sizes, the
// members on the list, its rules with their revisions side by side, the printable rules card,
// the moderation log with the breach ladder — and the staff list.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, toApiError } from "../../lib/api";
import type {
  Action,
  ApiError,
  Entry,
  Group,
  GroupInput,
  GroupPage,
  Ladder,
  Member,
  Paper,
  Piece,
  RuleDraft,
  RulesDiff,
  Staff,
  StaffRole,
  Who,
} from "../../lib/bindings";
import { formatDate } from "../../lib/format";
import { useLoad } from "../../lib/hooks";
import { keysOf } from "../../lib/i18n";
import { Confirm, FieldError, Modal } from "../../components/modal";
import { useShop, useWords } from "../../lib/shop";
import { Activity } from "./activity";
import { words } from "./strings";
import "../../../../src-tauri/insight/card.css";

type W = (typeof words)["en"];
/** The breach ladder and a note; a withdrawal is made by "Withdraw". */
const ACTIONS: Action[] = ["reminder", "warning", "mute", "removal", "note"];

/** Runs a change, then `done`; its failure goes to `setError`. */
function useRun(setError: (e: ApiError | null) => void) {
  const [busy, setBusy] = useState(false);
  const run = async <T,>(action: () => Promise<T>, done?: (value: T) => void) => {
    setBusy(true);
    try {
      const value = await action();
      setError(null);
      done?.(value);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

export function GroupsPage() {
  const w = useWords(words);
  const { info } = useShop();
  const { data: groups, error, reload } = useLoad(() => api.listGroups(), [info]);
  const [open, setOpen] = useState<number | null>(null);
  const [adding, setAdding] = useState(false);
  const [staffOpen, setStaffOpen] = useState(false);
  const lang = info.settings.language;

  if (open !== null) return <GroupView id={open} onBack={() => (setOpen(null), reload())} />;
  return (
    <section class="page groups">
      <header class="page-head">
        <div>
          <h1>{w.title}</h1>
          <p class="muted">{w.lead}</p>
        </div>
        <div class="actions">
          <button type="button" class="secondary" data-testid="open-staff" onClick={() => setStaffOpen(true)}>
            {w.staff}
          </button>
          <button type="button" class="primary" data-testid="new-group" onClick={() => setAdding(true)}>
            + {w.newGroup}
          </button>
        </div>
      </header>
      {error && <p class="error-banner">{error.message}</p>}
      {groups && groups.length === 0 && (
        <div class="card empty-state" data-testid="groups-empty">
          <p>{w.empty}</p>
        </div>
      )}
      <div class="group-cards">
        {groups?.map((g) => (
          <button type="button" class="card group-card" key={g.id} data-testid={`group-card-${g.id}`} onClick={() => setOpen(g.id)}>
            <span class="group-name">{g.name}</span>
            <span class="muted">
              {w.platform[g.platform]} · {w.status[g.status]}
            </span>
            {g.slogan && <span class="slogan">{g.slogan}</span>}
            <span data-testid="group-size">{g.size ? w.sizeOf(g.size.size, formatDate(g.size.on, lang)) : w.noSize}</span>
            <span class="muted" data-testid="group-listed">
              {w.onList(g.listed)}
              {g.target_size ? ` · ${w.target(g.target_size)}` : ""}
            </span>
          </button>
        ))}
      </div>
      {adding && (
        <GroupForm
          group={null}
          onDone={(g) => {
            setAdding(false);
            setOpen(g.id);
          }}
          onCancel={() => setAdding(false)}
        />
      )}
      {staffOpen && <StaffDialog onClose={() => setStaffOpen(false)} />}
    </section>
  );
}

function inputOf(g: Group | null, today: string): GroupInput {
  return g
    ? {
        platform: g.platform,
        name: g.name,
        positioning: g.positioning,
        slogan: g.slogan,
        owner_id: g.owner_id,
        created_on: g.created_on,
        threshold: g.threshold,
        target_size: g.target_size,
        status: g.status,
      }
    : {
        platform: "wechat",
        name: "",
        positioning: "",
        slogan: "",
        owner_id: null,
        created_on: today,
        threshold: "till_qr",
        target_size: null,
        status: "active",
      };
}

/** A closed set's select: its values are the keys of `labels` (the Rust union's values). */
function Choice<T extends string>(props: { label: string; testId: string; value: T; labels: Record<T, string>; onChange: (value: T) => void }) {
  return (
    <label>
      {props.label}
      <select data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as T)}>
        {keysOf(props.labels).map((k) => (
          <option value={k} key={k}>
            {props.labels[k]}
          </option>
        ))}
      </select>
    </label>
  );
}

function GroupForm(props: { group: Group | null; onDone: (g: Group) => void; onCancel: () => void }) {
  const w = useWords(words);
  const { t, info } = useShop();
  const [input, setInput] = useState<GroupInput>(inputOf(props.group, info.today));
  const [error, setError] = useState<ApiError | null>(null);
  const staff = useLoad(() => api.listStaff(), []);
  const { busy, run } = useRun(setError);
  const set = <K extends keyof GroupInput>(key: K, value: GroupInput[K]) => setInput({ ...input, [key]: value });
  const submit = (e: Event) => {
    e.preventDefault();
    const g = props.group;
    run(() => (g ? api.updateGroup(g.id, input) : api.addGroup(input)), props.onDone);
  };
  return (
    <Modal title={props.group ? w.formEdit : w.formNew} testId="group-form" wide onClose={props.onCancel}>
      <form class="form-grid" onSubmit={submit} noValidate>
        <label class="span2">
          {w.fieldName}
          <input data-testid="group-name" value={input.name} maxLength={40} onInput={(e) => set("name", e.currentTarget.value)} />
          <FieldError error={error} field="name" />
        </label>
        <Choice label={w.fieldPlatform} testId="group-platform" value={input.platform} labels={w.platform} onChange={(v) => set("platform", v)} />
        <label>
          {w.fieldOwner}
          <select
            data-testid="group-owner"
            value={input.owner_id ?? ""}
            onChange={(e) => set("owner_id", e.currentTarget.value ? Number(e.currentTarget.value) : null)}
          >
            <option value="">{w.noOwner}</option>
            {staff.data?.map((s) => (
              <option value={s.id} key={s.id}>
                {s.name} · {w.role[s.role]}
              </option>
            ))}
          </select>
          <FieldError error={error} field="owner_id" />
        </label>
        <label class="span2">
          {w.fieldPositioning}
          <input data-testid="group-positioning" value={input.positioning} maxLength={200} onInput={(e) => set("positioning", e.currentTarget.value)} />
          <FieldError error={error} field="positioning" />
        </label>
        <label class="span2">
          {w.fieldSlogan}
          <input data-testid="group-slogan" value={input.slogan} maxLength={60} onInput={(e) => set("slogan", e.currentTarget.value)} />
          <FieldError error={error} field="slogan" />
        </label>
        <label>
          {w.fieldCreated}
          <input data-testid="group-created" type="date" max={info.today} value={input.created_on} onInput={(e) => set("created_on", e.currentTarget.value || info.today)} />
          <FieldError error={error} field="created_on" />
        </label>
        <Choice label={w.fieldThreshold} testId="group-threshold" value={input.threshold} labels={w.threshold} onChange={(v) => set("threshold", v)} />
        <label>
          {w.fieldTarget}
          <input
            data-testid="group-target"
            type="number"
            min={1}
            value={input.target_size ?? ""}
            onInput={(e) => set("target_size", e.currentTarget.value ? Number(e.currentTarget.value) : null)}
          />
          <FieldError error={error} field="target_size" />
        </label>
        <Choice label={w.fieldStatus} testId="group-status" value={input.status} labels={w.status} onChange={(v) => set("status", v)} />
        {error && !error.field && <p class="error-banner span2">{error.message}</p>}
        <div class="actions span2">
          <button type="button" class="secondary" onClick={props.onCancel}>
            {t.cancel}
          </button>
          <button type="submit" class="primary" data-testid="save-group" disabled={busy}>
            {t.save}
          </button>
        </div>
      </form>
    </Modal>
  );
}

type Tab = "overview" | "activity" | "rules" | "card" | "moderation";

function GroupView(props: { id: number; onBack: () => void }) {
  const w = useWords(words);
  const { info } = useShop();
  const { data: page, error, reload } = useLoad(() => api.groupPage(props.id), [props.id, info]);
  const [tab, setTab] = useState<Tab>("overview");
  const [editing, setEditing] = useState(false);
  const lang = info.settings.language;
  const tabs: [Tab, string][] = [
    ["overview", w.tabOverview],
    ["activity", w.tabActivity],
    ["rules", w.tabRules],
    ["card", w.tabCard],
    ["moderation", w.tabModeration],
  ];
  return (
    <section class="page group">
      <header class="page-head no-print">
        <div>
          <button type="button" class="link" data-testid="groups-back" onClick={props.onBack}>
            {w.back}
          </button>
          <h1 data-testid="group-title">{page?.group.name ?? "…"}</h1>
          {page && (
            <p class="muted">
              {w.platform[page.group.platform]} · {w.status[page.group.status]}
              {page.group.slogan ? ` · ${page.group.slogan}` : ""}
            </p>
          )}
        </div>
        <div class="actions">
          <button type="button" class="secondary" data-testid="edit-group" disabled={!page} onClick={() => setEditing(true)}>
            {w.edit}
          </button>
        </div>
      </header>
      {error && <p class="error-banner no-print">{error.message}</p>}
      {page?.review_due && (
        <p class="notice no-print" data-testid="rules-due">
          {w.reviewDue(page.review_due.last_on ? formatDate(page.review_due.last_on, lang) : null)}
        </p>
      )}
      <div class="tabs no-print" role="tablist">
        {tabs.map(([k, label]) => (
          <button type="button" role="tab" aria-selected={tab === k} key={k} class={tab === k ? "tab active" : "tab"} data-testid={`group-tab-${k}`} onClick={() => setTab(k)}>
            {label}
          </button>
        ))}
      </div>
      {page && tab === "overview" && <Overview page={page} onChanged={reload} />}
      {page && tab === "activity" && <Activity page={page} onChanged={reload} />}
      {page && tab === "rules" && <Rules page={page} onChanged={reload} />}
      {page && tab === "card" && <Card page={page} />}
      {page && tab === "moderation" && <Moderation page={page} onChanged={reload} />}
      {page && editing && (
        <GroupForm
          group={page.group}
          onDone={() => {
            setEditing(false);
            reload();
          }}
          onCancel={() => setEditing(false)}
        />
      )}
    </section>
  );
}

function Overview(props: { page: GroupPage; onChanged: () => void }) {
  const w = useWords(words);
  const { t, info } = useShop();
  const lang = info.settings.language;
  const { group: g, sizes, listed } = props.page;
  const [on, setOn] = useState(info.today);
  const [size, setSize] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [picking, setPicking] = useState(false);
  const [leaving, setLeaving] = useState<number | null>(null);
  const [leaveError, setLeaveError] = useState<ApiError | null>(null);
  const departure = useRun(setLeaveError);
  const [leftOn, setLeftOn] = useState(info.today);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, run } = useRun(setError);
  const record = (e: Event) => {
    e.preventDefault();
    run(
      () => api.recordGroupSize(g.id, on, size.trim() === "" ? -1 : Number(size)),
      () => (setSize(""), props.onChanged()),
    );
  };
  return (
    <div class="group-overview">
      <div class="card">
        <h2>{w.details}</h2>
        <dl class="summary">
          {g.positioning && (
            <div>
              <dt>{w.fieldPositioning}</dt>
              <dd>{g.positioning}</dd>
            </div>
          )}
          <div>
            <dt>{w.owner}</dt>
            <dd>{g.owner_name ?? "—"}</dd>
          </div>
          <div>
            <dt>{w.created}</dt>
            <dd>{formatDate(g.created_on, lang)}</dd>
          </div>
          <div>
            <dt>{w.thresholdLabel}</dt>
            <dd>{w.threshold[g.threshold]}</dd>
          </div>
          <div>
            <dt>{w.fieldTarget}</dt>
            <dd>{g.target_size ?? "—"}</dd>
          </div>
        </dl>
      </div>
      <div class="card">
        <h2>{w.sizeTitle}</h2>
        <p class="big" data-testid="group-size-now">
          {g.size ? w.sizeOf(g.size.size, formatDate(g.size.on, lang)) : w.noSize}
        </p>
        <p class="muted">{w.sizeLead}</p>
        <form class="inline-form" onSubmit={record} noValidate>
          <label>
            {w.sizeOn}
            <input type="date" data-testid="size-on" min={g.created_on} max={info.today} value={on} onInput={(e) => setOn(e.currentTarget.value || info.today)} />
          </label>
          <label>
            {w.sizeValue}
            <input type="number" min={0} data-testid="size-value" value={size} onInput={(e) => setSize(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary" data-testid="record-size" disabled={busy}>
            {w.recordSize}
          </button>
        </form>
        <FieldError error={error} field="size" />
        <FieldError error={error} field="on" />
        {sizes.length > 1 && (
          <p class="muted">
            {w.sizeHistory}: {sizes.slice(1, 7).map((s) => `${s.size} (${formatDate(s.on, lang)})`).join(" · ")}
          </p>
        )}
      </div>
      <div class="card">
        <div class="card-head">
          <h2>
            {w.listedTitle} <span class="muted">{listed.filter((l) => !l.stay.left_on).length}</span>
          </h2>
          <button type="button" class="secondary" data-testid="add-to-group" onClick={() => setPicking(true)}>
            + {w.addMembers}
          </button>
        </div>
        <p class="muted">{w.listedLead}</p>
        {notice && (
          <p class="notice" role="status" data-testid="listed-notice">
            {notice}
          </p>
        )}
        {error && !error.field && <p class="error-banner">{error.message}</p>}
        {listed.length === 0 ? (
          <p class="muted" data-testid="listed-empty">
            {w.noListed}
          </p>
        ) : (
          <table class="members" data-testid="listed-members">
            <thead>
              <tr>
                <th>{w.colMember}</th>
                <th>{w.colJoined}</th>
                <th>{w.colLeft}</th>
                <th>{w.colLastPurchase}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {listed.map((l) => (
                <tr key={l.stay.id} data-testid="listed-row" class={l.stay.left_on ? "muted" : ""}>
                  <td>{l.label}</td>
                  <td class="num">{formatDate(l.stay.joined_on, lang)}</td>
                  <td class="num">{formatDate(l.stay.left_on, lang)}</td>
                  <td class="num" data-testid="listed-last-purchase">
                    {formatDate(l.last_visit, lang)}
                  </td>
                  <td>
                    {!l.stay.left_on && (
                      <button type="button" class="link" onClick={() => (setLeaving(l.stay.id), setLeftOn(info.today), setLeaveError(null))}>
                        {w.markLeft}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {picking && (
        <MemberPicker
          group={g.id}
          since={g.created_on}
          onCancel={() => setPicking(false)}
          onAdded={(n) => {
            setPicking(false);
            setNotice(w.added(n));
            props.onChanged();
          }}
        />
      )}
      {leaving !== null && (
        <Modal title={w.markLeft} testId="leave-group" onClose={() => setLeaving(null)}>
          <label>
            {w.leftPrompt}
            <input type="date" data-testid="left-on" max={info.today} value={leftOn} onInput={(e) => setLeftOn(e.currentTarget.value || info.today)} />
          </label>
          <FieldError error={leaveError} field="left_on" />
          {leaveError && !leaveError.field && <p class="error-banner">{leaveError.message}</p>}
          <div class="actions">
            <button type="button" class="secondary" onClick={() => setLeaving(null)}>
              {t.cancel}
            </button>
            <button
              type="button"
              class="primary"
              data-testid="confirm-left"
              disabled={departure.busy}
              onClick={() => departure.run(() => api.leaveGroup(leaving, leftOn), () => (setLeaving(null), props.onChanged()))}
            >
              {t.save}
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}

/** Members from the list, searched and ticked, put in `group` from the day they joined. */
function MemberPicker(props: { group: number; since: string; onAdded: (added: number) => void; onCancel: () => void }) {
  const w = useWords(words);
  const { t, info } = useShop();
  const [error, setError] = useState<ApiError | null>(null);
  const { busy, run } = useRun(setError);
  const [search, setSearch] = useState("");
  const [picked, setPicked] = useState<Map<number, Member>>(new Map());
  const [joined, setJoined] = useState(info.today);
  const found = useLoad(() => api.listMembers({ search, sort: "name", status: "current" }), [search]);
  const toggle = (m: Member) => {
    const next = new Map(picked);
    if (next.has(m.id)) next.delete(m.id);
    else next.set(m.id, m);
    setPicked(next);
  };
  return (
    <Modal title={w.pickTitle} testId="member-picker" wide onClose={props.onCancel}>
      <input type="search" class="search" data-testid="picker-search" placeholder={w.pickSearch} aria-label={w.pickSearch} value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
      <ul class="picker">
        {found.data?.members.slice(0, 60).map((m) => (
          <li key={m.id}>
            <label class="check">
              <input type="checkbox" data-testid={`pick-${m.id}`} checked={picked.has(m.id)} onChange={() => toggle(m)} />
              {m.label}
              {m.wechat_name && <span class="muted"> · {m.wechat_name}</span>}
            </label>
          </li>
        ))}
      </ul>
      <label>
        {w.pickJoined}
        <input type="date" data-testid="picker-joined" min={props.since} max={info.today} value={joined} onInput={(e) => setJoined(e.currentTarget.value || info.today)} />
      </label>
      <FieldError error={error} field="joined_on" />
      {error && error.field !== "joined_on" && <p class="error-banner">{error.message}</p>}
      <div class="actions">
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t.cancel}
        </button>
        <button
          type="button"
          class="primary"
          data-testid="picker-add"
          disabled={picked.size === 0 || busy}
          onClick={() => run(() => api.addToGroup(props.group, [...picked.keys()], joined), props.onAdded)}
        >
          {w.pickAdd(picked.size)}
        </button>
      </div>
    </Modal>
  );
}

/** Words with their marks: removed struck through, added underlined. */
function Marked(props: { pieces: Piece[] }) {
  return (
    <>
      {props.pieces.map((p, i) =>
        p.mark === "added" ? (
          <ins key={i}>{p.text}</ins>
        ) : p.mark === "removed" ? (
          <del key={i}>{p.text}</del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

function Rules(props: { page: GroupPage; onChanged: () => void }) {
  const w = useWords(words);
  const { info } = useShop();
  const lang = info.settings.language;
  const { group: g, current, changed, revisions } = props.page;
  const [editing, setEditing] = useState<RuleDraft[] | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const { run } = useRun(setError);
  // The two revisions to compare: the owner's picks, else the last two.
  const newest = revisions[0]?.number ?? 0;
  const [picked, setPicked] = useState<{ from: number | null; to: number | null }>({ from: null, to: null });
  const from = picked.from ?? Math.max(newest - 1, 1);
  const to = picked.to ?? newest;
  const [diff, setDiff] = useState<RulesDiff | null>(null);
  useEffect(() => {
    setPicked({ from: null, to: null });
    setDiff(null);
  }, [newest]);
  const edit = () => setEditing(current ? current.rules.map((r) => ({ rule_id: r.rule_id, title: r.title, body: r.body })) : []);
  return (
    <div class="group-rules">
      <div class="card">
        <div class="card-head">
          <h2>{w.rulesTitle}</h2>
          <div class="actions">
            {current ? (
              <>
                <button type="button" class="secondary" data-testid="review-rules" onClick={() => setReviewing(true)}>
                  {w.recordReview}
                </button>
                <button type="button" class="primary" data-testid="revise-rules" onClick={edit}>
                  {w.revise}
                </button>
              </>
            ) : (
              <button type="button" class="primary" data-testid="rules-from-templates" onClick={() => run(() => api.ruleTemplates(), setEditing)}>
                {w.startFromTemplates}
              </button>
            )}
          </div>
        </div>
        {error && <p class="error-banner">{error.message}</p>}
        {current ? (
          <>
            <p class="muted" data-testid="rules-current">
              {w.current(changed?.number ?? current.number, formatDate(changed?.on ?? current.on, lang))}
              {current.kind === "review" && ` · ${w.reviewedOn(formatDate(current.on, lang))}`}
            </p>
            <ol class="rules" data-testid="rules-list">
              {current.rules.map((r) => (
                <li key={r.rule_id}>
                  <strong>{r.title}</strong> {r.body}
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p class="muted" data-testid="rules-none">
            {w.noRules}
          </p>
        )}
      </div>
      {revisions.length > 0 && (
        <div class="card">
          <h2>{w.revisions}</h2>
          <table class="members" data-testid="revisions">
            <thead>
              <tr>
                <th>{w.colRevision}</th>
                <th>{w.colDate}</th>
                <th>{w.colKind}</th>
                <th>{w.colReason}</th>
              </tr>
            </thead>
            <tbody>
              {revisions.map((r) => (
                <tr key={r.id}>
                  <td class="num">{r.number}</td>
                  <td class="num">{formatDate(r.on, lang)}</td>
                  <td>{w.kind[r.kind]}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {revisions.length > 1 && (
            <p class="inline-form">
              {w.compare}
              <select data-testid="diff-from" value={from} onChange={(e) => (setPicked({ ...picked, from: Number(e.currentTarget.value) }), setDiff(null))}>
                {revisions.map((r) => (
                  <option value={r.number} key={r.id}>
                    {w.before(r.number)}
                  </option>
                ))}
              </select>
              {w.compareWith}
              <select data-testid="diff-to" value={to} onChange={(e) => (setPicked({ ...picked, to: Number(e.currentTarget.value) }), setDiff(null))}>
                {revisions.map((r) => (
                  <option value={r.number} key={r.id}>
                    {w.after(r.number)}
                  </option>
                ))}
              </select>
              <button type="button" class="secondary" data-testid="diff-show" onClick={() => run(() => api.compareRules(g.id, from, to), setDiff)}>
                {w.compare}
              </button>
            </p>
          )}
        </div>
      )}
      {diff && <DiffView diff={diff} />}
      {editing && (
        <RulesEditor
          group={g.id}
          first={!current}
          drafts={editing}
          earliest={current?.on ?? g.created_on}
          onDone={() => (setEditing(null), props.onChanged())}
          onCancel={() => setEditing(null)}
        />
      )}
      {reviewing && <ReviewDialog group={g.id} onDone={() => (setReviewing(false), props.onChanged())} onCancel={() => setReviewing(false)} />}
    </div>
  );
}

/** One side of a rule in the diff: its number, then its words without the other side's (a rule
 * only this side has, struck through or underlined whole). */
function Side(props: { diff: RulesDiff["rules"][number]; side: "before" | "after" }) {
  const { diff: r, side } = props;
  const rule = r[side];
  if (!rule) return null;
  const other = side === "before" ? r.after : r.before;
  const hidden = side === "before" ? "added" : "removed";
  const whole = (
    <>
      <strong>{rule.title}</strong> {rule.body}
    </>
  );
  return (
    <>
      <span class="num">{rule.number}. </span>
      {other ? (
        <>
          <strong>
            <Marked pieces={r.title.filter((p) => p.mark !== hidden)} />
          </strong>{" "}
          <Marked pieces={r.body.filter((p) => p.mark !== hidden)} />
        </>
      ) : side === "before" ? (
        <del>{whole}</del>
      ) : (
        <ins>{whole}</ins>
      )}
    </>
  );
}

function DiffView(props: { diff: RulesDiff }) {
  const w = useWords(words);
  const d = props.diff;
  const tags = (r: RulesDiff["rules"][number]) =>
    [!r.before && w.tagAdded, !r.after && w.tagRemoved, r.reworded && w.tagReworded, r.moved && w.tagMoved].filter(Boolean).join(" · ");
  return (
    <div class="card" data-testid="rules-diff">
      <h2>{w.diffTitle(d.from, d.to)}</h2>
      <p class="muted" data-testid="diff-summary">
        {w.diffSummary(d.added, d.removed, d.reworded, d.moved)}
      </p>
      <table class="diff">
        <thead>
          <tr>
            <th>{w.before(d.from)}</th>
            <th>{w.after(d.to)}</th>
          </tr>
        </thead>
        <tbody>
          {d.rules.map((r) => {
            const changed = !r.before || !r.after || r.reworded || r.moved;
            return (
              <tr key={r.rule_id} class={changed ? "changed" : ""} data-testid="diff-row">
                <td>
                  <Side diff={r} side="before" />
                </td>
                <td>
                  <Side diff={r} side="after" />
                  {changed && <span class="badge diff-tag">{tags(r)}</span>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RulesEditor(props: { group: number; first: boolean; drafts: RuleDraft[]; earliest: string; onDone: () => void; onCancel: () => void }) {
  const w = useWords(words);
  const { t, info } = useShop();
  const [rules, setRules] = useState<RuleDraft[]>(props.drafts);
  const [on, setOn] = useState(info.today);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const { busy, run } = useRun(setError);
  const put = (i: number, draft: RuleDraft) => setRules(rules.map((r, k) => (k === i ? draft : r)));
  const move = (i: number, by: number) => {
    const next = [...rules];
    const [r] = next.splice(i, 1);
    next.splice(i + by, 0, r);
    setRules(next);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    run(() => api.reviseRules(props.group, { on, reason, rules }), props.onDone);
  };
  return (
    <Modal title={props.first ? w.editorFirstTitle : w.editorTitle} testId="rules-editor" wide onClose={props.onCancel}>
      <form onSubmit={submit} noValidate>
        <ol class="rule-editor">
          {rules.map((r, i) => (
            <li key={`${r.rule_id ?? "new"}-${i}`} data-testid="rule-draft">
              <input aria-label={w.ruleTitle} placeholder={w.ruleTitle} data-testid={`rule-title-${i}`} value={r.title} maxLength={40} onInput={(e) => put(i, { ...r, title: e.currentTarget.value })} />
              <textarea aria-label={w.ruleBody} placeholder={w.ruleBody} data-testid={`rule-body-${i}`} rows={2} value={r.body} maxLength={300} onInput={(e) => put(i, { ...r, body: e.currentTarget.value })} />
              <span class="rule-tools">
                <button type="button" class="link" title={w.moveUp} aria-label={w.moveUp} data-testid={`rule-up-${i}`} disabled={i === 0} onClick={() => move(i, -1)}>
                  ↑
                </button>
                <button type="button" class="link" title={w.moveDown} aria-label={w.moveDown} disabled={i === rules.length - 1} onClick={() => move(i, 1)}>
                  ↓
                </button>
                <button type="button" class="link" data-testid={`rule-remove-${i}`} onClick={() => setRules(rules.filter((_, k) => k !== i))}>
                  {w.removeRule}
                </button>
              </span>
            </li>
          ))}
        </ol>
        <button type="button" class="secondary" data-testid="rule-add" onClick={() => setRules([...rules, { rule_id: null, title: "", body: "" }])}>
          {w.addRule}
        </button>
        <FieldError error={error} field="rules" />
        <div class="form-grid">
          <label>
            {w.revisionOn}
            <input type="date" data-testid="revision-on" min={props.earliest} max={info.today} value={on} onInput={(e) => setOn(e.currentTarget.value || info.today)} />
            <FieldError error={error} field="on" />
          </label>
          <label>
            {props.first ? w.reasonOptional : w.reason}
            <input data-testid="revision-reason" value={reason} maxLength={200} onInput={(e) => setReason(e.currentTarget.value)} />
            <FieldError error={error} field="reason" />
          </label>
        </div>
        {error && !error.field && <p class="error-banner">{error.message}</p>}
        <div class="actions">
          <button type="button" class="secondary" onClick={props.onCancel}>
            {t.cancel}
          </button>
          <button type="submit" class="primary" data-testid="save-rules" disabled={busy}>
            {t.save}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ReviewDialog(props: { group: number; onDone: () => void; onCancel: () => void }) {
  const w = useWords(words);
  const { t, info } = useShop();
  const [on, setOn] = useState(info.today);
  const [note, setNote] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const { busy, run } = useRun(setError);
  return (
    <Modal title={w.reviewTitle} testId="review-dialog" onClose={props.onCancel}>
      <p class="muted">{w.reviewLead}</p>
      <div class="form-grid">
        <label>
          {w.reviewOn}
          <input type="date" data-testid="review-on" max={info.today} value={on} onInput={(e) => setOn(e.currentTarget.value || info.today)} />
          <FieldError error={error} field="on" />
        </label>
        <label>
          {w.reasonOptional}
          <input data-testid="review-note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
      </div>
      {error && !error.field && <p class="error-banner">{error.message}</p>}
      <div class="actions">
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t.cancel}
        </button>
        <button type="button" class="primary" data-testid="save-review" disabled={busy} onClick={() => run(() => api.reviewRules(props.group, on, note), props.onDone)}>
          {t.save}
        </button>
      </div>
    </Modal>
  );
}

/** The card's `<article>`, taken from the document so the page shows that document. */
function cardBody(html: string): string {
  const doc = new DOMParser().parseFromString(html, "text/html");
  return doc.querySelector("article.rules-card")?.outerHTML ?? "";
}

function Card(props: { page: GroupPage }) {
  const w = useWords(words);
  const g = props.page.group;
  const [paper, setPaper] = useState<Paper>("a5");
  const hasRules = props.page.current !== null;
  // The latest card asked for (a quick switch of paper never shows the other's).
  const card = useLoad(() => (hasRules ? api.rulesCard(g.id, paper) : Promise.resolve(null)), [g.id, paper, props.page]);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, run } = useRun(setError);
  const html = card.data;
  const body = useMemo(() => (html ? cardBody(html) : null), [html]);
  const fileName = (ext: string) => `${w.cardFileName}-${g.name}.${ext}`;
  const saved = (path: string | null) => path && setNotice(w.saved(path));
  if (!hasRules) return <p class="card muted">{w.cardNoRules}</p>;
  return (
    <div class="group-card-view">
      <div class="card no-print">
        <p class="muted">{w.cardLead}</p>
        <div class="actions left">
          <Choice label={w.cardPaper} testId="card-paper" value={paper} labels={w.paper} onChange={setPaper} />
          <button type="button" class="primary" data-testid="card-print" disabled={busy || !body} onClick={() => run(() => api.printReview())}>
            {w.print}
          </button>
          <button
            type="button"
            class="secondary"
            data-testid="card-pdf"
            disabled={busy || !body}
            onClick={() => run(() => api.saveRulesCardPdf(paper, { filter: "PDF", file_name: fileName("pdf") }), saved)}
          >
            {w.savePdf}
          </button>
          <button
            type="button"
            class="secondary"
            data-testid="card-html"
            disabled={busy || !body}
            onClick={() => run(() => api.saveRulesCardHtml(g.id, paper, { filter: "HTML", file_name: fileName("html") }), saved)}
          >
            {w.saveHtml}
          </button>
        </div>
        {notice && (
          <p class="notice" role="status" data-testid="card-notice">
            {notice}
          </p>
        )}
        {(error ?? card.error) && <p class="error-banner">{(error ?? card.error)?.message}</p>}
      </div>
      {body && (
        <div class="review-host card-host" data-testid="card-preview">
          {/* Rendered by rules_card.rs, which escapes every text from the owner's data. */}
          <div dangerouslySetInnerHTML={{ __html: body }} />
        </div>
      )}
    </div>
  );
}

/** Who an entry is about: a member by their label, a participant marked as not on the list, or
 * nobody any more (forgotten, or removed with an undone import). */
function whoLabel(e: Entry, w: W): string {
  return e.participant_id !== null ? `${e.who} (${w.notOnList})` : e.who;
}

function Moderation(props: { page: GroupPage; onChanged: () => void }) {
  const w = useWords(words);
  const { t, info } = useShop();
  const lang = info.settings.language;
  const { group: g, entries, offenders, staff, listed, revisions } = props.page;
  const [kind, setKind] = useState<"member" | "participant">("member");
  const [memberId, setMemberId] = useState<number | null>(null);
  const [label, setLabel] = useState("");
  const [ruleId, setRuleId] = useState<number | null>(null);
  const [on, setOn] = useState(info.today);
  const [action, setAction] = useState<Action>("reminder");
  // Whether the owner chose the action themselves (the ladder's proposal then stays out of it).
  const [chosen, setChosen] = useState(false);
  const [handledBy, setHandledBy] = useState<number | null>(null);
  const [note, setNote] = useState("");
  const [ladder, setLadder] = useState<Ladder | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState<Entry | null>(null);
  const [reason, setReason] = useState("");
  const [withdrawError, setWithdrawError] = useState<ApiError | null>(null);
  const withdrawal = useRun(setWithdrawError);
  const [forgetting, setForgetting] = useState<Entry | null>(null);
  const { busy, run } = useRun(setError);
  const who: Who | null = kind === "member" ? (memberId !== null ? { kind: "member", member_id: memberId } : null) : label.trim() ? { kind: "participant", label } : null;
  const whoKey = JSON.stringify(who);
  // The ladder's proposal for whoever is picked (the latest asked for: an older answer arriving
  // late is dropped), as the action to take unless the owner chose one.
  const asked = useRef(0);
  useEffect(() => {
    const mine = ++asked.current;
    if (!who) return setLadder(null);
    const timer = setTimeout(() => {
      api.breachLadder(g.id, who, on).then(
        (l) => {
          if (mine !== asked.current) return;
          setLadder(l);
          setError(null);
          if (!chosen) setAction(l.proposed);
        },
        (e) => mine === asked.current && setError(toApiError(e)),
      );
    }, 150);
    return () => clearTimeout(timer);
  }, [whoKey, on, entries.length]);
  // The rules as numbered on the breach's day: the revision in force then.
  const inForce = revisions.find((r) => r.on <= on) ?? null;
  const rulesThen = useLoad(() => (inForce ? api.rulesRevision(g.id, inForce.number) : Promise.resolve(null)), [inForce?.number]);
  useEffect(() => setRuleId(null), [inForce?.number]);
  const members = listed.filter((l) => !l.stay.left_on);
  const submit = (e: Event) => {
    e.preventDefault();
    if (!who) return;
    run(
      () => api.logBreach({ group_id: g.id, who, rule_id: ruleId, on, action, handled_by: handledBy, note }),
      () => (setNote(""), setChosen(false), setNotice(w.logged), props.onChanged()),
    );
  };
  const staffName = (s: Staff) => `${s.name} · ${w.role[s.role]}`;
  return (
    <div class="group-moderation">
      <form class="card" onSubmit={submit} noValidate data-testid="breach-form">
        <h2>{w.logTitle}</h2>
        <div class="form-grid">
          <fieldset class="span2 choice-row">
            <legend>{w.who}</legend>
            <label class="check">
              <input type="radio" name="who" data-testid="who-member" checked={kind === "member"} onChange={() => setKind("member")} />
              {w.whoMember}
            </label>
            <label class="check">
              <input type="radio" name="who" data-testid="who-participant" checked={kind === "participant"} onChange={() => setKind("participant")} />
              {w.whoParticipant}
            </label>
          </fieldset>
          {kind === "member" ? (
            <label class="span2">
              {w.whoMember}
              <select data-testid="breach-member" value={memberId ?? ""} onChange={(e) => setMemberId(e.currentTarget.value ? Number(e.currentTarget.value) : null)}>
                <option value="">{w.pickMember}</option>
                {members.map((m) => (
                  <option value={m.stay.member_id} key={m.stay.id}>
                    {m.label}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            <label class="span2">
              {w.whoLabel}
              <input data-testid="breach-label" value={label} maxLength={30} onInput={(e) => setLabel(e.currentTarget.value)} />
              <FieldError error={error} field="who" />
            </label>
          )}
          <label>
            {w.rule}
            <select data-testid="breach-rule" value={ruleId ?? ""} onChange={(e) => setRuleId(e.currentTarget.value ? Number(e.currentTarget.value) : null)}>
              <option value="">{w.noRule}</option>
              {rulesThen.data?.rules.map((r) => (
                <option value={r.rule_id} key={r.rule_id}>
                  {r.number}. {r.title}
                </option>
              ))}
            </select>
            <FieldError error={error} field="rule_id" />
          </label>
          <label>
            {w.on}
            <input type="date" data-testid="breach-on" min={g.created_on} max={info.today} value={on} onInput={(e) => setOn(e.currentTarget.value || info.today)} />
            <FieldError error={error} field="on" />
          </label>
          <label>
            {w.actionLabel}
            <select data-testid="breach-action" value={action} onChange={(e) => (setAction(e.currentTarget.value as Action), setChosen(true))}>
              {ACTIONS.map((a) => (
                <option value={a} key={a}>
                  {w.action[a]}
                </option>
              ))}
            </select>
          </label>
          <label>
            {w.handledBy}
            <select data-testid="breach-by" value={handledBy ?? ""} onChange={(e) => setHandledBy(e.currentTarget.value ? Number(e.currentTarget.value) : null)}>
              <option value="">{w.nobody}</option>
              {staff.map((s) => (
                <option value={s.id} key={s.id}>
                  {staffName(s)}
                </option>
              ))}
            </select>
          </label>
          {ladder && (
            <p class="notice span2" data-testid="ladder">
              {w.ladder(ladder.breaches, ladder.window_days, w.action[ladder.proposed])}
            </p>
          )}
          <label class="span2">
            {w.note}
            <input data-testid="breach-note" value={note} maxLength={300} onInput={(e) => setNote(e.currentTarget.value)} />
            <FieldError error={error} field="note" />
          </label>
          {error && !error.field && <p class="error-banner span2">{error.message}</p>}
          {notice && (
            <p class="notice span2" role="status" data-testid="breach-notice">
              {notice}
            </p>
          )}
          <div class="actions span2">
            <button type="submit" class="primary" data-testid="log-breach" disabled={busy || !who}>
              {w.logIt}
            </button>
          </div>
        </div>
      </form>
      {offenders.length > 0 && (
        <div class="card list" data-testid="offenders">
          <h2>{w.offenders}</h2>
          <p class="muted">{w.offendersLead(ladder?.window_days ?? info.settings.community.ladder_days)}</p>
          <ul>
            {offenders.map((o) => (
              <li key={`${o.member_id}-${o.participant_id}`}>
                <strong>{o.who}</strong>
                <span class="muted">{w.offender(o.breaches, w.action[o.proposed])}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="card">
        <h2>{w.log}</h2>
        {entries.length === 0 ? (
          <p class="muted">{w.noEntries}</p>
        ) : (
          <table class="members" data-testid="moderation-log">
            <thead>
              <tr>
                <th>{w.colDate}</th>
                <th>{w.colWho}</th>
                <th>{w.colRule}</th>
                <th>{w.colAction}</th>
                <th>{w.colBy}</th>
                <th>{w.colNote}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="moderation-row" class={e.withdrawn_by || e.withdraws ? "muted" : ""}>
                  <td class="num">
                    {formatDate(e.on, lang)} <span class="sub">#{e.id}</span>
                  </td>
                  <td>{whoLabel(e, w)}</td>
                  <td>{e.rule ?? "—"}</td>
                  <td>
                    {w.action[e.action]}
                    {e.withdraws && <span class="sub">{w.withdrawalOf(e.withdraws)}</span>}
                    {e.withdrawn_by && <span class="badge">{w.withdrawn}</span>}
                  </td>
                  <td>{e.handler ?? "—"}</td>
                  <td>{e.note}</td>
                  <td class="row-actions">
                    {!e.withdraws && !e.withdrawn_by && (
                      <button type="button" class="link" data-testid={`withdraw-${e.id}`} onClick={() => (setWithdrawing(e), setReason(""), setWithdrawError(null))}>
                        {w.withdraw}
                      </button>
                    )}
                    {e.participant_id !== null && !e.withdraws && (
                      <button type="button" class="link" onClick={() => setForgetting(e)}>
                        {w.forgetParticipant}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {withdrawing && (
        <Modal title={w.withdrawTitle} testId="withdraw-dialog" onClose={() => setWithdrawing(null)}>
          <label>
            {w.withdrawReason}
            <input data-testid="withdraw-reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <FieldError error={withdrawError} field="note" />
          {withdrawError && !withdrawError.field && <p class="error-banner">{withdrawError.message}</p>}
          <div class="actions">
            <button type="button" class="secondary" onClick={() => setWithdrawing(null)}>
              {t.cancel}
            </button>
            <button
              type="button"
              class="primary"
              data-testid="confirm-withdraw"
              disabled={withdrawal.busy}
              onClick={() => withdrawal.run(() => api.withdrawEntry(withdrawing.id, reason), () => (setWithdrawing(null), props.onChanged()))}
            >
              {w.withdraw}
            </button>
          </div>
        </Modal>
      )}
      {forgetting?.participant_id != null && (
        <Confirm
          title={w.forgetParticipantTitle(forgetting.who)}
          text={w.forgetParticipantText}
          confirm={w.forgetParticipant}
          cancel={t.cancel}
          danger
          onCancel={() => setForgetting(null)}
          onConfirm={() => {
            const id = forgetting.participant_id;
            setForgetting(null);
            if (id != null) run(() => api.forgetParticipant(id), props.onChanged);
          }}
        />
      )}
    </div>
  );
}

function StaffDialog(props: { onClose: () => void }) {
  const w = useWords(words);
  const { data: staff, reload } = useLoad(() => api.listStaff(), []);
  const [name, setName] = useState("");
  const [role, setRole] = useState<StaffRole>("admin");
  const [editing, setEditing] = useState<Staff | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const { busy, run } = useRun(setError);
  const submit = (e: Event) => {
    e.preventDefault();
    run(
      () => (editing ? api.updateStaff(editing.id, { name, role }) : api.addStaff({ name, role })),
      () => (setName(""), setEditing(null), reload()),
    );
  };
  return (
    <Modal title={w.staffTitle} testId="staff-dialog" onClose={props.onClose}>
      <p class="muted">{w.staffLead}</p>
      {staff && staff.length === 0 && <p class="muted">{w.noStaff}</p>}
      <ul class="picker" data-testid="staff-list">
        {staff?.map((s) => (
          <li key={s.id}>
            <button type="button" class="link" onClick={() => (setEditing(s), setName(s.name), setRole(s.role))}>
              {s.name}
            </button>{" "}
            <span class="muted">{w.role[s.role]}</span>
          </li>
        ))}
      </ul>
      <form class="inline-form" onSubmit={submit} noValidate>
        <label>
          {w.staffName}
          <input data-testid="staff-name" value={name} maxLength={40} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <Choice label={w.staffRole} testId="staff-role" value={role} labels={w.role} onChange={setRole} />
        <button type="submit" class="primary" data-testid="save-staff" disabled={busy}>
          {editing ? w.edit : w.addStaff}
        </button>
      </form>
      <FieldError error={error} field="name" />
      <div class="actions">
        <button type="button" class="secondary" data-testid="staff-close" onClick={props.onClose}>
          {w.close}
        </button>
      </div>
    </Modal>
  );
}
