// The member list, with search, sort and count, and the add/edit form with
// its two ways of removing someone.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, toApiError } from "../../lib/api";
import type { ApiError, Member, MemberInput, MemberQuery, MemberSummary, TableSort, MemberSource, MemberStatus } from "../../lib/bindings";
import { BIRTHDAY_YEAR_UNKNOWN, emptyInput, formatBirthday, formatDate, inputFromMember, joinTags, splitTags } from "../../lib/format";
import { useLoad } from "../../lib/hooks";
import { keysOf } from "../../lib/i18n";
import { Confirm, FieldError, Modal } from "../../components/modal";
import { ImportWizard } from "../imports/wizard";
import { useShop, useWords } from "../../lib/shop";
import { words } from "./strings";

/** `openMemberId`: open that member's form on arrival (from the dashboard's lists). */
type Props = { onChanged: () => void; openMemberId?: number | null };

const SOURCES: MemberSource[] = keysOf(words.en.source);
/** Rows the window is sent at a time: the list is sorted whole in Rust, shown a page at a time. */
const PAGE = 200;

export function MembersPage({ onChanged, openMemberId }: Props) {
  const w = useWords(words);
  const { t, info, money } = useShop();
  const lang = info.settings.language;
  const [query, setQuery] = useState<MemberQuery>({ search: "", sort: "name", status: "current" });
  const [sort, setSort] = useState<TableSort>("name");
  // The first PAGE rows of the sorted list; "Show more" asks for the next PAGE.
  const [shown, setShown] = useState(PAGE);
  useEffect(() => setShown(PAGE), [query, sort]);
  const { data: table, error, setError, reload } = useLoad(() => api.memberTable(query, sort, shown), [query, sort, shown, info]);
  const [editing, setEditing] = useState<Member | "new" | null>(null);
  const [importing, setImporting] = useState(false);
  // "Marked as left", with its undo, after the form closes.
  const [left, setLeft] = useState<Member | null>(null);
  // The member the dashboard asked for opens once: not again after a save or a search.
  const opened = useRef<number | null>(null);
  const [summary, setSummary] = useState<MemberSummary | null>(null);
  useEffect(() => {
    if (openMemberId == null || opened.current === openMemberId) return;
    opened.current = openMemberId;
    api.memberSummary(openMemberId).then(setSummary, (e) => setError(toApiError(e)));
  }, [openMemberId]);

  const saved = () => {
    setEditing(null);
    reload();
    onChanged();
  };

  const searching = query.search.trim() !== "";
  const count = table ? (searching ? w.memberCountFiltered(table.found, table.total) : t.memberCount(table.total)) : "";

  return (
    <section class="page">
      <header class="page-head">
        <div>
          <h1>{w.membersTitle}</h1>
          <p class="muted" data-testid="member-count">
            {count}
          </p>
        </div>
        <div class="actions">
          <button type="button" class="secondary" data-testid="import-members" onClick={() => setImporting(true)}>
            {w.importMemberList}
          </button>
          <button type="button" class="primary" data-testid="add-member" onClick={() => setEditing("new")}>
            + {w.addMember}
          </button>
        </div>
      </header>
      <div class="toolbar">
        <input
          type="search"
          class="search"
          data-testid="member-search"
          placeholder={t.searchPlaceholder}
          aria-label={t.searchPlaceholder}
          value={query.search}
          onInput={(e) => setQuery({ ...query, search: e.currentTarget.value })}
        />
        <label>
          {w.sortLabel}
          <select data-testid="member-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value as TableSort)}>
            {keysOf(w.sortBy).map((k) => (
              <option value={k} key={k}>
                {w.sortBy[k]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {w.statusLabel}
          <select
            data-testid="member-status"
            value={query.status}
            onChange={(e) => setQuery({ ...query, status: e.currentTarget.value as MemberStatus })}
          >
            <option value="current">{w.statusCurrent}</option>
            <option value="left">{w.statusLeft}</option>
            <option value="all">{w.statusAll}</option>
          </select>
        </label>
      </div>
      {error && <p class="error-banner">{error.message}</p>}
      {table && table.rows.length === 0 ? (
        <div class="empty" data-testid="members-empty">
          {searching ? (
            <>
              <p>{w.noMatch(query.search.trim())}</p>
              <button type="button" class="secondary" onClick={() => setQuery({ ...query, search: "" })}>
                {w.clearSearch}
              </button>
            </>
          ) : query.status === "left" ? (
            <p>{w.emptyLeftText}</p>
          ) : (
            <>
              <h2>{w.emptyMembersTitle}</h2>
              <p>{w.emptyMembersText}</p>
              <button type="button" class="primary" onClick={() => setEditing("new")}>
                + {w.addMember}
              </button>
            </>
          )}
        </div>
      ) : (
        table && (
          <table class="members" data-testid="members-list">
            <thead>
              <tr>
                <th>{w.colName}</th>
                <th>{w.colPhone}</th>
                <th>{w.colLastVisit}</th>
                <th class="num">{w.colVisits}</th>
                <th class="num">{w.colSpend}</th>
                <th>{w.colStage}</th>
                <th>{w.colTags}</th>
                <th>{w.colConsent}</th>
              </tr>
            </thead>
            <tbody>
              {table.rows.map(({ member: m, activity: a, groups }) => (
                <tr key={m.id} data-testid="member-row" tabIndex={0} onClick={() => setEditing(m)} onKeyDown={(e) => e.key === "Enter" && setEditing(m)}>
                  <td>
                    <span class="name">{m.label}</span>
                    {m.wechat_name && <span class="sub">{m.wechat_name}</span>}
                    {groups.length > 0 && (
                      <span class="sub" data-testid="member-groups" title={w.colGroups}>
                        {groups.join(lang === "zh-CN" ? "、" : ", ")}
                      </span>
                    )}
                    {m.left_on && <span class="badge">{w.leftOn(formatDate(m.left_on, lang))}</span>}
                  </td>
                  <td class="num">{m.phone_display ?? "—"}</td>
                  <td class="num" data-testid="member-last-visit">
                    {formatDate(a?.last_visit ?? null, lang)}
                  </td>
                  <td class="num">{a ? a.visits_12w : "—"}</td>
                  <td class="num">{a ? money(a.net_12w_minor) : "—"}</td>
                  <td>{a ? <span class={`stage stage-${a.stage}`}>{w.stage[a.stage]}</span> : "—"}</td>
                  <td>
                    {m.tags.map((tag) => (
                      <span class="tag" key={tag}>
                        {tag}
                      </span>
                    ))}
                  </td>
                  <td>{m.marketing_consent ? w.consentYes : <span class="muted" title={w.noConsentTitle}>{w.consentNo}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      )}
      {table && table.rows.length < table.found && (
        <p class="more" data-testid="members-more-line">
          <span class="muted">{w.showingFirst(table.rows.length, table.found)}</span>{" "}
          <button type="button" class="secondary" data-testid="members-more" onClick={() => setShown(shown + PAGE)}>
            {w.showMore}
          </button>
        </p>
      )}
      {importing && (
        <Modal title={w.importMemberList} testId="import-members-dialog" wide onClose={() => setImporting(false)}>
          <ImportWizard kind="members" onImported={() => (reload(), onChanged())} onCancel={() => setImporting(false)} />
          <div class="actions">
            <button type="button" class="secondary" data-testid="import-members-close" onClick={() => setImporting(false)}>
              {w.close}
            </button>
          </div>
        </Modal>
      )}
      {left && (
        <p class="notice" role="status" data-testid="left-notice">
          {w.markedLeft(left.label)}{" "}
          <button
            type="button"
            class="link"
            data-testid="left-undo"
            onClick={() => {
              setLeft(null);
              api.rejoinMember(left.id).then(saved, (e) => setError(toApiError(e)));
            }}
          >
            {w.undoLeft}
          </button>
        </p>
      )}
      {summary && (
        <SummaryView
          summary={summary}
          onEdit={() => {
            setSummary(null);
            setEditing(summary.member);
          }}
          onClose={() => setSummary(null)}
        />
      )}
      {editing && <MemberForm onLeft={setLeft} member={editing === "new" ? null : editing} onDone={saved} onCancel={() => setEditing(null)} />}
    </section>
  );
}

/** A member as the dashboard opens them: what they did lately, with Edit as a button. */
function SummaryView(props: { summary: MemberSummary; onEdit: () => void; onClose: () => void }) {
  const w = useWords(words);
  const { info, money } = useShop();
  const lang = info.settings.language;
  const { member: m, activity: a, groups } = props.summary;
  const stays = groups.map((g) => (g.left_on ? w.groupStayLeft(g.group, formatDate(g.joined_on, lang), formatDate(g.left_on, lang)) : w.groupStay(g.group, formatDate(g.joined_on, lang))));
  const rows: [string, string][] = [
    [w.summaryStage, a ? w.stage[a.stage] : w.summaryLeft],
    [w.summaryLastVisit, formatDate(a?.last_visit ?? null, lang)],
    [w.summaryVisits, a ? String(a.visits_12w) : "—"],
    [w.summarySpend, a ? money(a.net_12w_minor) : "—"],
    [w.summaryUsual, a?.usual_spend_minor != null ? money(a.usual_spend_minor) : "—"],
    [w.summaryBirthday, formatBirthday(m.birthday, lang)],
    [w.summaryConsent, m.marketing_consent ? w.consentYes : w.consentNo],
    [w.summaryTags, m.tags.length ? joinTags(m.tags, lang) : "—"],
    [w.summaryGroups, stays.length ? stays.join(lang === "zh-CN" ? "；" : "; ") : "—"],
  ];
  return (
    <Modal title={m.wechat_name ? `${m.label} · ${m.wechat_name}` : m.label} testId="member-summary" onClose={props.onClose}>
      <dl class="summary">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd class="num">{v}</dd>
          </div>
        ))}
      </dl>
      <div class="actions">
        <button type="button" class="secondary" data-testid="summary-close" onClick={props.onClose}>
          {w.close}
        </button>
        <button type="button" class="primary" data-testid="summary-edit" onClick={props.onEdit}>
          {w.summaryEdit}
        </button>
      </div>
    </Modal>
  );
}

type Pending = "left" | "forget" | "again" | null;

function MemberForm(props: { member: Member | null; onDone: () => void; onCancel: () => void; onLeft: (m: Member) => void }) {
  const w = useWords(words);
  const { member } = props;
  const { t, info } = useShop();
  const [input, setInput] = useState<MemberInput>(member ? inputFromMember(member) : emptyInput(info.today));
  const [tagsText, setTagsText] = useState(joinTags(input.tags, info.settings.language));
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending>(null);

  const set = <K extends keyof MemberInput>(key: K, value: MemberInput[K]) => setInput({ ...input, [key]: value });
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      props.onDone();
    } catch (e) {
      const error = toApiError(e);
      // The phone is of someone forgotten: asked first, then added again.
      setPending(error.code === "forgotten" ? "again" : null);
      setError(error.code === "forgotten" ? null : error);
    } finally {
      setBusy(false);
    }
  };
  const full = () => ({ ...input, tags: splitTags(tagsText) });
  const submit = (e: Event) => {
    e.preventDefault();
    run(() => (member ? api.updateMember(member.id, full()) : api.addMember(full())));
  };
  const fieldError = (field: string) => <FieldError error={error} field={field} />;

  return (
    <Modal title={member ? w.formEditTitle : w.formAddTitle} testId="member-form" onClose={props.onCancel} wide>
      <form onSubmit={submit} class="form-grid" noValidate>
        <label class="span2">
          {w.fieldName}
          <input data-testid="field-name" value={input.name} maxLength={80} onInput={(e) => set("name", e.currentTarget.value)} />
          {!input.name.trim() && input.phone.trim() && <span class="hint">{w.fieldNameHint}</span>}
          {fieldError("name")}
        </label>
        <label>
          {w.fieldPhone}
          <input data-testid="field-phone" type="tel" inputMode="tel" value={input.phone} onInput={(e) => set("phone", e.currentTarget.value)} />
          <span class="hint">{w.fieldPhoneHint}</span>
          {fieldError("phone")}
        </label>
        <label>
          {w.fieldWechat}
          <input data-testid="field-wechat_name" value={input.wechat_name} onInput={(e) => set("wechat_name", e.currentTarget.value)} />
        </label>
        <label>
          {w.fieldBirthday}
          <input
            data-testid="field-birthday"
            type="date"
            value={input.birthday ?? ""}
            max={info.today}
            onInput={(e) => set("birthday", e.currentTarget.value || null)}
          />
          {input.birthday?.startsWith(`${BIRTHDAY_YEAR_UNKNOWN}-`) && <span class="hint" data-testid="birthday-no-year">{w.birthdayNoYear}</span>}
          {fieldError("birthday")}
        </label>
        <label>
          {w.fieldJoined}
          <input
            data-testid="field-joined_on"
            type="date"
            value={input.joined_on}
            max={info.today}
            required
            onInput={(e) => set("joined_on", e.currentTarget.value || info.today)}
          />
          {fieldError("joined_on")}
        </label>
        <label>
          {w.fieldSource}
          <select data-testid="field-source" value={input.source} onChange={(e) => set("source", e.currentTarget.value as MemberSource)}>
            {SOURCES.map((s) => (
              <option value={s} key={s}>
                {w.source[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {w.fieldTags}
          <input data-testid="field-tags" value={tagsText} onInput={(e) => setTagsText(e.currentTarget.value)} />
          <span class="hint">{w.fieldTagsHint}</span>
          {fieldError("tags")}
        </label>
        <label class="span2">
          {w.fieldNotes}
          <textarea data-testid="field-notes" rows={3} value={input.notes} onInput={(e) => set("notes", e.currentTarget.value)} />
          {fieldError("notes")}
        </label>
        <label class="check span2">
          <input
            data-testid="field-marketing_consent"
            type="checkbox"
            checked={input.marketing_consent}
            onChange={(e) => set("marketing_consent", e.currentTarget.checked)}
          />
          {w.fieldConsent}
        </label>
        {error && !error.field && <p class="error-banner span2">{error.message}</p>}
        <div class="actions span2">
          <button type="button" class="secondary" data-testid="cancel-member" onClick={props.onCancel}>
            {t.cancel}
          </button>
          <button type="submit" class="primary" data-testid="save-member" disabled={busy}>
            {busy ? w.saving : t.save}
          </button>
        </div>
      </form>
      {member && (
        <div class="remove-zone">
          <h3>{w.removeSection}</h3>
          {member.left_on ? (
            <button type="button" class="secondary" data-testid="rejoin-member" onClick={() => run(() => api.rejoinMember(member.id))}>
              {w.rejoin}
            </button>
          ) : (
            <p>
              <button type="button" class="secondary" data-testid="mark-left" onClick={() => setPending("left")}>
                {w.markLeft}
              </button>
              <span class="hint">{w.markLeftHint}</span>
            </p>
          )}
          <p>
            <button type="button" class="danger-outline" data-testid="forget-member" onClick={() => setPending("forget")}>
              {w.forget}
            </button>
            <span class="hint">{w.forgetHint}</span>
          </p>
        </div>
      )}
      {member && pending === "left" && (
        <Confirm
          title={w.confirmLeftTitle(member.label)}
          text={w.confirmLeftText}
          confirm={w.confirmLeftButton}
          cancel={t.cancel}
          onCancel={() => setPending(null)}
          onConfirm={() => run(() => api.markMemberLeft(member.id, null).then(props.onLeft))}
        />
      )}
      {pending === "again" && (
        <Confirm
          title={w.forgottenTitle}
          text={w.forgottenText}
          confirm={w.forgottenButton}
          cancel={t.cancel}
          onCancel={() => setPending(null)}
          onConfirm={() => run(() => api.addMemberAgain(full()))}
        />
      )}
      {member && pending === "forget" && (
        <Confirm
          title={w.confirmForgetTitle(member.label)}
          text={w.confirmForgetText}
          confirm={w.confirmForgetButton}
          cancel={t.cancel}
          danger
          onCancel={() => setPending(null)}
          onConfirm={() => run(() => api.forgetMember(member.id))}
        />
      )}
    </Modal>
  );
}
