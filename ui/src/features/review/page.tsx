// The weekly review (每周复盘): a live preview of the document Rust renders, and the three ways
// out of the app: the system print dialog, an A4 PDF, and a self-contained HTML file.
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, toApiError } from "../../lib/api";
import type { ApiError, ReviewDoc } from "../../lib/bindings";
import { useShop, useWords } from "../../lib/shop";
import { words } from "./strings";
import "../../../../src-tauri/insight/review.css";

/** The review's body, taken from the document so the preview is that document; its stylesheet is
 * the same file (report.rs inlines it into the saved document), loaded here as a file: the
 * window's CSP allows no inline style. */
export function reviewBody(html: string): string {
  const doc = new DOMParser().parseFromString(html, "text/html");
  return doc.querySelector("article.review")?.outerHTML ?? "";
}

/** `week` is the dashboard's week (null: the last complete week with sales). */
export function ReportsPage(props: { week: string | null; onWeek: (week: string | null) => void; onImport?: () => void }) {
  const w = useWords(words);
  const { week, onWeek, onImport } = props;
  const { t, info } = useShop();
  const [doc, setDoc] = useState<ReviewDoc | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fail = (e: unknown) => setError(toApiError(e));

  useEffect(() => {
    setDoc(null);
    api.review(week).then((d) => {
      // A week chosen before an undo that no longer has sales: back to the default.
      if (week && d.weeks.length > 0 && !d.weeks.includes(week)) return onWeek(null);
      setDoc(d);
      setError(null);
    }, fail);
  }, [week, info.settings.language]);

  const body = useMemo(() => (doc ? reviewBody(doc.html) : null), [doc]);
  const fileName = (ext: string) => `${w.reviewFileName}-${doc?.week ?? ""}.${ext}`;
  const run = async (what: () => Promise<string | null>) => {
    setBusy(true);
    setNotice(null);
    try {
      const done = await what();
      if (done) setNotice(done);
      setError(null);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const savePdf = () =>
    run(async () => {
      const path = await api.saveReviewPdf({ filter: "PDF", file_name: fileName("pdf") });
      return path && w.reviewSaved(path);
    });
  const saveHtml = () =>
    run(async () => {
      if (!doc) return null;
      const path = await api.saveReviewHtml(doc.week, { filter: "HTML", file_name: fileName("html") });
      return path && w.reviewSaved(path);
    });

  return (
    <section class="page reports">
      <header class="page-head report-toolbar">
        <h1>{w.reviewTitle}</h1>
        <div class="actions">
          {doc && (
            <select data-testid="review-week" value={doc.week} onChange={(e) => onWeek((e.target as HTMLSelectElement).value)}>
              {doc.weeks.map((week) => (
                <option value={week} key={week}>
                  {week}
                </option>
              ))}
            </select>
          )}
          <button type="button" class="primary" data-testid="review-print" disabled={!doc || busy} onClick={() => run(async () => (await api.printReview(), null))}>
            {w.reviewPrint}
          </button>
          <button type="button" class="secondary" data-testid="review-pdf" disabled={!doc || busy} onClick={savePdf}>
            {w.reviewSavePdf}
          </button>
          <button type="button" class="secondary" data-testid="review-html" disabled={!doc || busy} onClick={saveHtml}>
            {w.reviewSaveHtml}
          </button>
        </div>
      </header>
      {notice && (
        <p class="notice report-toolbar" role="status" data-testid="review-notice">
          {notice}
        </p>
      )}
      {error && (
        <p class="error-banner report-toolbar" role="alert">
          {error.message}
        </p>
      )}
      {!doc && !error && <p class="muted">…</p>}
      {doc && doc.weeks.length === 0 && (
        <div class="card empty-state report-toolbar" data-testid="review-empty">
          <h2>{t.dashboardEmptyTitle}</h2>
          <p>{w.reviewEmptyText}</p>
          {onImport && (
            <button type="button" class="primary" onClick={onImport}>
              {t.dashboardEmptyAction}
            </button>
          )}
        </div>
      )}
      {body && (
        <div class="review-host" data-testid="review-preview">
          {/* Rendered by report.rs, which escapes every text from the owner's data. */}
          <div dangerouslySetInnerHTML={{ __html: body }} />
        </div>
      )}
    </section>
  );
}
