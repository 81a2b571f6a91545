// The import flow: choose a file (dialog or drop) → layout and mapping →
// preview with problems → import with progress → summary; then the list of
// imports (undo) and the identified customers who are not members yet.
import { useEffect, useRef, useState } from "preact/hooks";
import { api, events, toApiError } from "../../lib/api";
import type {
  ApiError,
  Customer,
  DateOrder,
  FileKind,
  FileToken,
  ImportReport,
  ImportRequest,
  LineKind,
  Mapping,
  Preview,
  Role,
  TextEncoding,
} from "../../lib/bindings";
import { formatCount, formatDate, formatPeriod, formatQuantity } from "../../lib/format";
import { useLoad } from "../../lib/hooks";
import { ROLES, assignRole, assignStatus, roleOf, statusOf } from "./mapping";
import { Modal } from "../../components/modal";
import { ImportsList } from "./list";
import { ShopCheck, asksAboutShop } from "./shopcheck";
import { useShop, useWords } from "../../lib/shop";
import { words } from "./strings";

/** `onNext`: the first run's next step (the shop's details and member list), offered once the
 * shop's first file is imported, or after any import when `offerNext`. `dropped`: the file last
 * dropped on the window (the shell brings the owner here with it). */
type Props = { onChanged: () => void; onNext: () => void; offerNext: boolean; dropped: FileToken | null };

const FILE_KINDS: Record<FileKind, string> = { text: "CSV", xlsx: "Excel (.xlsx)", xls: "Excel (.xls)" };
const ENCODINGS: Record<TextEncoding, string> = { utf8: "UTF-8", utf16Le: "UTF-16LE", utf16Be: "UTF-16BE", gb18030: "GBK/GB18030" };

type Step =
  | { kind: "choose" }
  | { kind: "preview"; request: ImportRequest; preview: Preview }
  | { kind: "running"; request: ImportRequest; done: number; total: number }
  | { kind: "done"; report: ImportReport };

export function ImportPage({ onChanged, onNext, offerNext, dropped }: Props) {
  const w = useWords(words);
  const { t, info, money } = useShop();
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const [error, setError] = useState<ApiError | null>(null);
  const imports = useLoad(() => api.listImports(), [info]);
  const unmatched = useLoad(() => api.unmatchedCustomers(), [info]);
  const batches = imports.data ?? [];
  const customers = unmatched.data ?? [];
  const lang = info.settings.language;

  const reloadLists = () => {
    imports.reload();
    unmatched.reload();
  };
  // The shop's settings changed on this page (the first import's check): the shell reads them.
  const refresh = onChanged;
  const fail = (e: unknown) => setError(toApiError(e));

  // The owner may change two choices before the first one's preview is back: the next change
  // builds on the request just made, and only the latest request's preview is shown.
  const asked = useRef(0);
  // The file previewed last is the shop's first import: its summary offers the next step.
  const firstOfShop = useRef(false);
  // The file chosen, as Rust's token for this import (its previews and its run).
  const file = useRef<FileToken | null>(null);
  const previewFor = async (request: ImportRequest) => {
    const chosen = file.current;
    if (!chosen) return;
    setError(null);
    const n = ++asked.current;
    setStep((s) => (s.kind === "preview" ? { ...s, request } : s));
    try {
      const preview = await api.importPreview(chosen.token, request);
      if (n === asked.current) {
        firstOfShop.current = preview.first_import;
        setStep({ kind: "preview", request, preview });
      }
    } catch (e) {
      fail(e);
    }
  };
  const open = (chosen: FileToken) => {
    file.current = chosen;
    previewFor({ path: chosen.name, read: { encoding: null, delimiter: null, sheet: null }, mapping: null, preset: null, auto_map: false, skip_invalid: false, import_anyway: false });
  };

  useEffect(() => {
    if (dropped) open(dropped);
  }, [dropped]);

  const choose = async () => {
    try {
      const chosen = await api.chooseFile("import", { filter: w.importFilterName, file_name: null });
      if (chosen) open(chosen);
    } catch (e) {
      fail(e);
    }
  };

  const run = async (request: ImportRequest) => {
    setError(null);
    setStep({ kind: "running", request, done: 0, total: 1 });
    const stop = events.onImportProgress(({ done, total }) => setStep({ kind: "running", request, done, total }));
    try {
      const chosen = file.current;
      if (!chosen) return;
      const report = await api.importRun(chosen.token, request);
      setStep({ kind: "done", report });
      reloadLists();
      onChanged();
    } catch (e) {
      fail(e);
      const preview = file.current ? await api.importPreview(file.current.token, request).catch(() => null) : null;
      setStep(preview ? { kind: "preview", request, preview } : { kind: "choose" });
    } finally {
      stop();
    }
  };

  return (
    <section class="page">
      <header class="page-head">
        <div>
          <h1>{w.importTitle}</h1>
          <p class="muted">{w.importLead}</p>
        </div>
        {step.kind !== "choose" && step.kind !== "running" && (
          <button type="button" class="secondary" data-testid="import-another" onClick={() => setStep({ kind: "choose" })}>
            {w.importAnother}
          </button>
        )}
      </header>
      {error && (
        <p class="error-banner pre" role="alert" data-testid="import-error">
          {error.message}
        </p>
      )}
      {step.kind === "choose" && (
        <div class="dropzone" data-testid="import-choose">
          <p>{w.importDrop}</p>
          <button type="button" class="primary" data-testid="import-choose-file" onClick={choose}>
            {w.importChoose}
          </button>
          <p class="hint">{w.importFormats}</p>
        </div>
      )}
      {step.kind === "preview" && (
        <PreviewStep
          key={file.current?.token}
          lang={lang}
          money={money}
          request={step.request}
          preview={step.preview}
          onChange={previewFor}
          onImport={run}
          onSettings={() => (refresh(), previewFor(step.request))}
        />
      )}
      {step.kind === "running" && (
        <div class="card" data-testid="import-running">
          <p>{w.importRunning}</p>
          <progress max={Math.max(step.total, 1)} value={step.done} />
          <div class="actions left">
            <button type="button" class="secondary" data-testid="import-cancel" onClick={() => api.importCancel()}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      {step.kind === "done" && (
        <div class="card" data-testid="import-summary">
          <h2>{w.importDone}</h2>
          <Summary lang={lang} money={money} report={step.report} />
          {step.report.rejects_file && <p class="hint">{w.importRejectsFile(step.report.rejects_file)}</p>}
          {(offerNext || firstOfShop.current) && (
            <div class="actions left">
              <button type="button" class="primary" data-testid="setup-next" onClick={onNext}>
                {w.setupNext}
              </button>
            </div>
          )}
        </div>
      )}

      <h2 class="section">{w.importsTitle}</h2>
      <ImportsList imports={batches} onChanged={() => (reloadLists(), onChanged())} onError={setError} />

      <Customers lang={lang} money={money} customers={customers} onChanged={() => (reloadLists(), onChanged())} onError={fail} />

    </section>
  );
}

type Money = (minor: number) => string;

const LINE_KINDS: LineKind[] = ["sale", "refund", "void"];

function statusColumn(preview: Preview): string {
  const column = preview.mapping.columns.find(([r]) => r === "status")?.[1];
  return column === undefined ? "" : (preview.sniffed.headers[column] ?? "");
}

/** One choice per status value no rule knows: what the owner says it means. */
function StatusValues(props: { column: string; values: string[]; mapping: Mapping; onChange: (m: Mapping) => void }) {
  const w = useWords(words);
  return (
    <fieldset class="status-values" data-testid="status-values">
      <legend>{w.statusTitle(props.column)}</legend>
      <p class="hint">{w.statusHint}</p>
      {props.values.map((value, i) => (
        <label key={value}>
          <code>{value}</code>
          <select
            data-testid={`status-value-${i}`}
            value={statusOf(props.mapping, value) ?? ""}
            onChange={(e) => props.onChange(assignStatus(props.mapping, value, (e.currentTarget.value || null) as LineKind | null))}
          >
            <option value="">{w.statusUnset}</option>
            {LINE_KINDS.map((k) => (
              <option value={k} key={k}>
                {w.statusKinds[k]}
              </option>
            ))}
          </select>
        </label>
      ))}
    </fieldset>
  );
}

function PreviewStep(props: {
  lang: "en" | "zh-CN";
  money: Money;
  request: ImportRequest;
  preview: Preview;
  onChange: (request: ImportRequest) => void;
  onImport: (request: ImportRequest) => void;
  onSettings: () => void;
}) {
  const w = useWords(words);
  const { lang, money, request, preview } = props;
  // The latest choice, whose preview may still be on its way.
  const mapping = request.mapping ?? preview.mapping;
  const withMapping = (m: Mapping) => props.onChange({ ...request, mapping: m });
  // The same sales as an earlier import: held back until the owner says they are other sales.
  const sameSales = preview.warnings.some((x) => x.kind === "sameSales");
  const [anyway, setAnyway] = useState(false);
  // The first import waits for the owner to confirm the shop's currency, region and zone.
  const [shopSaid, setShopSaid] = useState<string[] | null>(null);
  const unconfirmed = preview.first_import && shopSaid === null;
  const held = preview.missing.length > 0 || mapping.date_order === null || (sameSales && !anyway);
  // The summary and rows show while the shop's settings wait; only importing waits.
  const blocked = held || unconfirmed;
  const layout = preview.layout_name;
  // A recognised layout's columns are folded away: one "Change columns" opens them.
  const known = !!layout && !preview.needs_confirmation && preview.missing.length === 0;
  const columns = (
    <>
        <div class="mapping" data-testid="import-mapping">
          {preview.sniffed.headers.map((header, column) => (
            <label key={column}>
              <span class="header-name">{header || w.importUnnamed(column + 1)}</span>
              <span class="samples" data-testid={`samples-${column}`}>
                {samplesOf(preview, column).join(" · ") || "—"}
              </span>
              <select
                data-testid={`map-${column}`}
                value={roleOf(mapping, column) ?? ""}
                onChange={(e) => withMapping(assignRole(mapping, column, (e.currentTarget.value || null) as Role | null))}
              >
                <option value="">{w.roleUnused}</option>
                {ROLES.map((r) => (
                  <option value={r} key={r}>
                    {w.roles[r]}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
        <div class="toolbar">
          <label>
            {w.importDateOrder}
            <select
              data-testid="date-order"
              value={mapping.date_order ?? ""}
              onChange={(e) => withMapping({ ...mapping, date_order: (e.currentTarget.value || null) as DateOrder | null })}
            >
              <option value="">{w.importDateOrderAsk}</option>
              <option value="ymd">2026-03-05</option>
              <option value="dmy">{w.importDmy}</option>
              <option value="mdy">{w.importMdy}</option>
            </select>
          </label>
          {preview.sniffed.kind === "text" && (
            <label>
              {w.importEncoding}
              <select
                data-testid="encoding"
                value={request.read.encoding ?? ""}
                onChange={(e) =>
                  props.onChange({ ...request, read: { ...request.read, encoding: (e.currentTarget.value || null) as TextEncoding | null } })
                }
              >
                <option value="">{w.importEncodingAuto(preview.sniffed.encoding ? ENCODINGS[preview.sniffed.encoding] : "—")}</option>
                {(Object.keys(ENCODINGS) as TextEncoding[]).map((e) => (
                  <option value={e} key={e}>
                    {ENCODINGS[e]}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label class="check">
            <input type="checkbox" checked={mapping.tax_included} onChange={(e) => withMapping({ ...mapping, tax_included: e.currentTarget.checked })} />
            {w.importTaxIncluded}
          </label>
        </div>
    </>
  );
  return (
    <div data-testid="import-preview">
      {asksAboutShop(preview) && shopSaid === null && (
        // Read again with each preview: a column mapped later (the phones) changes the guess.
        <ShopCheck key={JSON.stringify(preview.shop_guess)} preview={preview} onSaved={(notices) => (setShopSaid(notices), props.onSettings())} />
      )}
      {shopSaid !== null && (
        <p class="notice" role="status" data-testid="shop-check-done">
          {[w.shopCheckDone, ...shopSaid].join(" ")}
        </p>
      )}
      <div class="card">
        <h2>
          {preview.file_name}
          <span class="badge">{layout ? w.importLayoutKnown(layout) : w.importLayoutNew}</span>
        </h2>
        <p class="hint">
          {w.importFileFacts(
            FILE_KINDS[preview.sniffed.kind],
            preview.sniffed.encoding ? ENCODINGS[preview.sniffed.encoding] : "—",
            preview.sniffed.delimiter === "\t" ? "Tab" : (preview.sniffed.delimiter ?? "—"),
            preview.sniffed.header_row,
          )}
        </p>
        {preview.needs_confirmation && <p class="notice">{w.importConfirmMapping}</p>}
        {known ? (
          <details class="mapping-fold" data-testid="mapping-fold">
            <summary data-testid="change-columns">{w.importChangeColumns}</summary>
            {columns}
          </details>
        ) : (
          columns
        )}
        {preview.warnings.length > 0 && (
          <div class="notice warn" role="note" data-testid="import-warnings">
            <ul>
              {preview.warnings.map((x) => (
                <li key={x.kind} data-testid={`import-warning-${x.kind}`}>
                  {x.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {sameSales && (
          <label class="check" data-testid="import-anyway">
            <input type="checkbox" checked={anyway} onChange={(e) => setAnyway(e.currentTarget.checked)} />
            {w.importAnyway}
          </label>
        )}
        {preview.status_values.length > 0 && (
          <StatusValues
            column={statusColumn(preview)}
            values={preview.status_values}
            mapping={mapping}
            onChange={withMapping}
          />
        )}
        {preview.missing.length > 0 && (
          <p class="error-banner" data-testid="import-missing">
            {w.importMissing(preview.missing.map((r) => w.roles[r]).join(lang === "zh-CN" ? "、" : ", "))}
          </p>
        )}
      </div>

      {!held && (
        <div class="card">
          <h2>{w.importSummary}</h2>
          <Summary lang={lang} money={money} report={preview.summary} />
          {preview.problem_rows > 0 && (
            <p class="error-banner" data-testid="import-problems">
              {w.importProblemRows(preview.problem_rows)}
            </p>
          )}
        </div>
      )}

      <table class="preview" data-testid="preview-table">
        <thead>
          <tr>
            <th class="num">{w.importRow}</th>
            <th>{w.roles.date}</th>
            <th>{w.roles.receipt_id}</th>
            <th>{w.roles.item}</th>
            <th class="num">{w.roles.quantity}</th>
            <th class="num">{w.roles.net}</th>
            <th>{w.importCustomer}</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((row) =>
            row.problems.length > 0 ? (
              <tr key={row.number} class="problem" data-testid="preview-problem">
                <td class="num">{row.number}</td>
                <td colSpan={6}>
                  {row.problems.map((p, i) => (
                    <span class="problem-text" key={i}>
                      {p.column ? `${p.column}: ` : ""}“{p.value}” — {w.importExpected(p.expected)}
                    </span>
                  ))}
                  <span class="sub">{row.cells.join(" · ")}</span>
                </td>
              </tr>
            ) : held ? (
              // Not read yet (a role or the date order is missing): the cells as they are.
              <tr key={row.number} class="unread">
                <td class="num">{row.number}</td>
                <td colSpan={6} class="muted">
                  {row.cells.join(" · ")}
                </td>
              </tr>
            ) : row.lines.length === 0 ? (
              <tr key={row.number} class="void">
                <td class="num">{row.number}</td>
                <td colSpan={6} class="muted">
                  {w.importVoidRow} · {row.cells.join(" · ")}
                </td>
              </tr>
            ) : (
              row.lines.map((line, i) => (
                <tr key={`${row.number}-${i}`} data-testid="preview-row" class={line.kind === "refund" ? "refund" : ""}>
                  <td class="num">{i === 0 ? row.number : ""}</td>
                  <td class="num">
                    {formatDate(line.day, lang)} {line.time ?? ""}
                  </td>
                  <td class="num">{line.receipt}</td>
                  <td>
                    {line.item ?? "—"}
                    {line.kind === "refund" && <span class="badge">{w.importRefund}</span>}
                  </td>
                  <td class="num">{formatQuantity(line.qty_milli)}</td>
                  <td class="num">{money(line.net_minor)}</td>
                  <td class="num">{line.customer ?? "—"}</td>
                </tr>
              ))
            ),
          )}
        </tbody>
      </table>

      <div class="actions sticky">
        {preview.problem_rows > 0 && !held && (
          <button type="button" class="secondary" data-testid="import-skip-invalid" disabled={blocked} onClick={() => props.onImport({ ...request, mapping, skip_invalid: true, import_anyway: anyway })}>
            {w.importSkipInvalid(preview.problem_rows)}
          </button>
        )}
        <button type="button" class="primary" data-testid="import-run" disabled={blocked} onClick={() => props.onImport({ ...request, mapping, import_anyway: anyway })}>
          {w.importRun}
        </button>
      </div>
    </div>
  );
}

/** The first two different values of a column in the file's first rows. */
function samplesOf(preview: Preview, column: number): string[] {
  const seen: string[] = [];
  for (const row of preview.sniffed.samples) {
    const cell = (row.cells[column] ?? "").trim();
    const v = cell.length > 24 ? `${cell.slice(0, 23)}…` : cell;
    if (v && !seen.includes(v)) seen.push(v);
    if (seen.length === 2) break;
  }
  return seen;
}

function Summary(props: { lang: "en" | "zh-CN"; money: Money; report: ImportReport }) {
  const w = useWords(words);
  const { lang, money, report: r } = props;
  const cells: [string, string][] = [
    [w.sumRows, formatCount(r.rows, lang)],
    [w.sumReceipts, formatCount(r.receipts, lang)],
    [w.sumPeriod, formatPeriod(r.date_from, r.date_to, lang)],
    [w.sumGross, money(r.gross_minor)],
    [w.sumDiscounts, money(r.discounts_minor)],
    [w.sumRefunds, money(r.refunds_minor)],
    [w.sumNet, money(r.net_minor)],
    [w.sumCustomers, w.sumCustomersValue(r.customers_identified, r.customers_matched)],
    [w.sumLines, w.importLinesNewDup(r.lines_new, r.lines_duplicate)],
  ];
  if (r.receipts_voided > 0) cells.push([w.sumVoided, w.voidedShort(r.receipts_voided, money(-r.voided_minor))]);
  return (
    <>
      <dl class="summary" data-testid="import-totals">
        {cells.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd class="num">{v}</dd>
          </div>
        ))}
      </dl>
      {r.lines_duplicate > 0 && <p class="hint">{w.sumNewOnly}</p>}
      {r.receipts_voided > 0 && (
        <p class="notice" data-testid="import-voided-note">
          {w.sumVoidedNote(r.receipts_voided)}
        </p>
      )}
    </>
  );
}

function Customers(props: {
  lang: "en" | "zh-CN";
  money: Money;
  customers: Customer[];
  onChanged: () => void;
  onError: (e: unknown) => void;
}) {
  const w = useWords(words);
  const { lang, money, customers } = props;
  const { t } = useShop();
  const [linking, setLinking] = useState<Customer | null>(null);
  const [creating, setCreating] = useState<{ ids: number[]; names: string[] } | null>(null);
  if (customers.length === 0) return null;
  const shown = customers.slice(0, 50);
  const phoneIds = shown.filter((c) => c.kind === "phone").map((c) => c.identity_id);
  const ask = () => api.memberNamesOfCustomers(phoneIds).then((names) => setCreating({ ids: phoneIds, names }), props.onError);
  return (
    <>
      <h2 class="section">{w.customersTitle}</h2>
      <p class="muted">{w.customersLead(customers.length)}</p>
      <table data-testid="customers-list">
        <thead>
          <tr>
            <th>{w.importCustomer}</th>
            <th class="num">{w.sumReceipts}</th>
            <th class="num">{w.customersSpend}</th>
            <th>{w.customersLast}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.identity_id}>
              <td>
                {c.name ?? c.label}
                {c.name && <span class="sub">{c.label}</span>}
              </td>
              <td class="num">{c.receipts}</td>
              <td class="num">{money(c.spend_minor)}</td>
              <td class="num">{formatDate(c.last_day, lang)}</td>
              <td>
                <button type="button" class="link" onClick={() => setLinking(c)}>
                  {w.customersLink}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions left">
        <button
          type="button"
          class="secondary"
          data-testid="create-members"
          disabled={phoneIds.length === 0}
          onClick={ask}
        >
          {w.customersCreate(phoneIds.length)}
        </button>
      </div>
      {creating && (
        <Modal title={w.customersCreateTitle(creating.ids.length)} testId="confirm" onClose={() => setCreating(null)}>
          <p class="lead">{w.customersCreateText}</p>
          <p data-testid="create-members-names">
            {creating.names.slice(0, 12).join(lang === "zh-CN" ? "、" : ", ")}
            {creating.names.length > 12 && ` ${w.andMore(creating.names.length - 12)}`}
          </p>
          <div class="actions">
            <button type="button" class="secondary" data-testid="confirm-cancel" onClick={() => setCreating(null)}>
              {t.cancel}
            </button>
            <button
              type="button"
              class="primary"
              data-testid="confirm-ok"
              onClick={() => {
                const ids = creating.ids;
                setCreating(null);
                api.createMembersFromCustomers(ids).then(props.onChanged, props.onError);
              }}
            >
              {w.customersCreate(creating.ids.length)}
            </button>
          </div>
        </Modal>
      )}
      {linking && <LinkDialog customer={linking} onClose={() => setLinking(null)} onLinked={props.onChanged} onError={props.onError} />}
    </>
  );
}

function LinkDialog(props: { customer: Customer; onClose: () => void; onLinked: () => void; onError: (e: unknown) => void }) {
  const w = useWords(words);
  const { customer } = props;
  const { t } = useShop();
  const [search, setSearch] = useState("");
  const [found, setFound] = useState<{ id: number; name: string; phone: string | null }[]>([]);
  useEffect(() => {
    if (!search.trim()) return setFound([]);
    api.listMembers({ search, sort: "name", status: "current" }).then(
      (l) => setFound(l.members.slice(0, 8).map((m) => ({ id: m.id, name: m.label, phone: m.name ? m.phone_display : null }))),
      () => setFound([]),
    );
  }, [search]);
  return (
    <div class="overlay">
      <div class="modal" role="dialog" aria-modal="true" data-testid="link-dialog">
        <h2>{w.customersLinkTitle(customer.name ?? customer.label)}</h2>
        <input type="search" placeholder={t.searchPlaceholder} value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        <ul class="pick-list">
          {found.map((m) => (
            <li key={m.id}>
              <button
                type="button"
                class="link"
                onClick={() =>
                  api.linkCustomer(customer.identity_id, m.id).then(() => (props.onClose(), props.onLinked()), props.onError)
                }
              >
                {m.name} {m.phone ?? ""}
              </button>
            </li>
          ))}
        </ul>
        <div class="actions">
          <button type="button" class="secondary" onClick={props.onClose}>
            {t.cancel}
          </button>
        </div>
      </div>
    </div>
  );
}
