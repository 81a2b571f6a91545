// <ImportWizard kind=…>: every table import (member lists now) the same way — choose a file, see
// what it would do (the rows to add, those already there, the problem rows), import all or the
// valid rows, and see what landed. The Rust side is `import::table` (one schema per kind).
import { useState } from "preact/hooks";
import { api, toApiError } from "../../lib/api";
import type { ApiError, RowProblem, TableKind, TableReport } from "../../lib/bindings";
import { useShop, useWords } from "../../lib/shop";
import { words } from "./strings";

/** `file`: the token Rust issued for the file chosen (its previews and its import). */
type Step = { kind: "choose" } | { kind: "preview"; file: string; report: TableReport } | { kind: "done"; report: TableReport };

export function ImportWizard(props: { kind: TableKind; onImported?: (report: TableReport) => void; onCancel?: () => void }) {
  const w = useWords(words);
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const [validRows, setValidRows] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const label = w.kindLabel[props.kind];

  const open = async (file: string) => {
    setError(null);
    setBusy(true);
    try {
      setStep({ kind: "preview", file, report: await api.tablePreview(props.kind, file) });
      setValidRows(false);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const choose = async () => {
    try {
      const chosen = await api.chooseFile("import", { filter: label, file_name: null });
      if (chosen) open(chosen.token);
    } catch (e) {
      setError(toApiError(e));
    }
  };
  const run = async (file: string) => {
    setError(null);
    setBusy(true);
    try {
      const report = await api.tableImport(props.kind, file, validRows);
      setStep({ kind: "done", report });
      props.onImported?.(report);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="wizard" data-testid={`import-wizard-${props.kind}`}>
      {error && (
        <p class="error-banner pre" role="alert" data-testid="table-error">
          {error.message}
        </p>
      )}
      {step.kind === "choose" && (
        <div>
          <button type="button" class="secondary" data-testid="table-choose" disabled={busy} onClick={choose}>
            {w.choose(label)}
          </button>
          <p class="hint">{w.formats[props.kind]}</p>
        </div>
      )}
      {step.kind === "preview" && <PreviewStep report={step.report} validRows={validRows} busy={busy} onValidRows={setValidRows} onImport={() => run(step.file)} onCancel={() => (setStep({ kind: "choose" }), props.onCancel?.())} />}
      {step.kind === "done" && (
        <div data-testid="table-done">
          <p class="notice" role="status">
            {w.doneMembers(step.report.counts.added, step.report.counts.duplicate)}
          </p>
          {step.report.rejects_file && <p class="hint">{w.rejectsFile(step.report.rejects_file)}</p>}
        </div>
      )}
    </div>
  );
}

function PreviewStep(props: {
  report: TableReport;
  validRows: boolean;
  busy: boolean;
  onValidRows: (v: boolean) => void;
  onImport: () => void;
  onCancel: () => void;
}) {
  const w = useWords(words);
  const { t } = useShop();
  const { report } = props;
  const { rows, added, duplicate, rejected } = report.counts;
  const blocked = added === 0 || (rejected > 0 && !props.validRows);
  return (
    <div data-testid="table-preview">
      <p class="lead" data-testid="table-counts">
        {w.counts(rows, added, duplicate, rejected)}
      </p>
      <p class="hint">
        {w.columnsUsed}: {report.columns.map((c) => `${c.header} → ${c.field ?? w.ignored}`).join(" · ")}
      </p>
      {rejected > 0 && (
        <>
          <h3>{w.problemsTitle}</h3>
          <RowTable rows={report.problems} testid="table-problem" />
          {report.problems.length < rejected && <p class="hint">{w.problemsMore(report.problems.length, rejected)}</p>}
          <label class="check">
            <input type="checkbox" data-testid="table-valid-rows" checked={props.validRows} onChange={(e) => props.onValidRows(e.currentTarget.checked)} />
            {w.validRows}
          </label>
        </>
      )}
      {report.warnings.length > 0 && (
        <>
          <h3>{w.warningsTitle}</h3>
          <RowTable rows={report.warnings} testid="table-warning" />
        </>
      )}
      {added === 0 && rejected === 0 && <p class="notice">{w.nothingNew}</p>}
      <div class="actions left">
        <button type="button" class="secondary" onClick={props.onCancel}>
          {t.cancel}
        </button>
        <button type="button" class="primary" data-testid="table-import" disabled={blocked || props.busy} onClick={props.onImport}>
          {w.importAll(added)}
        </button>
      </div>
    </div>
  );
}

/** Rows of the file with what is said of each (refused, or kept with something to check). */
function RowTable(props: { rows: RowProblem[]; testid: string }) {
  const w = useWords(words);
  return (
    <table data-testid={`${props.testid}s`}>
      <thead>
        <tr>
          <th class="num">{w.row}</th>
          <th>{w.column}</th>
          <th>{w.value}</th>
          <th>{w.reason}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((p) => (
          <tr key={p.row} data-testid={props.testid}>
            <td class="num">{p.row}</td>
            <td>{p.column ?? "—"}</td>
            <td>{p.value ?? ""}</td>
            <td>{p.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
