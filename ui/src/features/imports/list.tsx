// The imports of every kind, latest first, each with its undo: a POS file's lines, or a member
// list's members — asking first about the members changed since.
import { useState } from "preact/hooks";
import { api, toApiError } from "../../lib/api";
import type { ApiError, Import, UndoCheck } from "../../lib/bindings";
import { formatDateTime, formatPeriod } from "../../lib/format";
import { Confirm, Modal } from "../../components/modal";
import { useShop, useWords } from "../../lib/shop";
import { words } from "./strings";

export function ImportsList(props: { imports: Import[]; onChanged: () => void; onError: (e: ApiError) => void }) {
  const { t, info, money } = useShop();
  const w = useWords(words);
  const lang = info.settings.language;
  const [undoing, setUndoing] = useState<{ entry: Import; check: UndoCheck } | null>(null);

  const ask = (entry: Import) =>
    api.undoImportCheck(entry.batch.id).then(
      (check) => setUndoing({ entry, check }),
      (e) => props.onError(toApiError(e)),
    );
  const undo = (keepChanged: boolean) => {
    if (!undoing) return;
    const id = undoing.entry.batch.id;
    setUndoing(null);
    api.undoImport(id, keepChanged).then(props.onChanged, (e) => props.onError(toApiError(e)));
  };

  if (props.imports.length === 0) return <p class="muted">{w.importsEmpty}</p>;
  return (
    <>
      <table data-testid="imports-list">
        <thead>
          <tr>
            <th>{w.importedAt}</th>
            <th>{w.importFile}</th>
            <th>{w.importPeriod}</th>
            <th class="num">{w.importLines}</th>
            <th class="num">{w.importNet}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {props.imports.map(({ batch: b, sales, layout }) => (
            <tr key={b.id} data-testid="import-row" data-kind={b.kind}>
              <td class="num">{formatDateTime(b.imported_at, lang)}</td>
              <td>
                {b.file_name}
                <span class="sub" data-testid="import-layout">
                  {layout ? `${w.batchKind[b.kind] ?? b.kind} · ${layout}` : (w.batchKind[b.kind] ?? b.kind)}
                </span>
              </td>
              <td class="num">{sales ? formatPeriod(sales.date_from, sales.date_to, lang) : "—"}</td>
              <td class="num">{sales ? w.importLinesNewDup(b.counts.added, b.counts.duplicate) : w.listed(b.counts.added)}</td>
              <td class="num">
                {sales ? money(sales.net_minor) : "—"}
                {sales && sales.receipts_voided > 0 && (
                  <span class="sub" data-testid="import-voided">
                    {w.voidedShort(sales.receipts_voided, money(-sales.voided_minor))}
                  </span>
                )}
              </td>
              <td>
                <button type="button" class="link" data-testid="undo-import" onClick={() => ask({ batch: b, sales, layout })}>
                  {w.undoImport}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {undoing && undoing.entry.sales && (
        <Confirm
          title={w.confirmUndoTitle(undoing.entry.batch.file_name)}
          text={w.confirmUndoText(undoing.check.removes, undoing.check.kept) + (undoing.check.restores > 0 ? " " + w.undoRestores(undoing.check.restores) : "")}
          confirm={w.undoImport}
          cancel={t.cancel}
          danger
          onCancel={() => setUndoing(null)}
          onConfirm={() => undo(false)}
        />
      )}
      {undoing && !undoing.entry.sales && (
        <Modal title={w.undoTitle(undoing.entry.batch.file_name)} testId="confirm" onClose={() => setUndoing(null)}>
          <p class="lead">{w.undoText(undoing.check.removes)}</p>
          {undoing.check.changed.length > 0 && (
            <p class="notice warn" data-testid="undo-changed">
              {w.undoChanged(undoing.check.changed.join(lang === "zh-CN" ? "、" : ", "))}
            </p>
          )}
          <div class="actions">
            <button type="button" class="secondary" data-testid="confirm-cancel" onClick={() => setUndoing(null)}>
              {t.cancel}
            </button>
            {undoing.check.changed.length > 0 && (
              <button type="button" class="secondary" data-testid="undo-keep-changed" onClick={() => undo(true)}>
                {w.undoKeepChanged}
              </button>
            )}
            <button type="button" class="danger" data-testid="confirm-ok" onClick={() => undo(false)}>
              {undoing.check.changed.length > 0 ? w.undoAll : w.undoImport}
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
