// Shop settings, and backups: make one, or restore one.
import { useEffect, useState } from "preact/hooks";
import { api, toApiError } from "../../lib/api";
import type { ApiError, Lang, Lifecycle, Settings, ShopInfo, WeekStart } from "../../lib/bindings";
import { backupFileName, formatBytes, formatDateTime } from "../../lib/format";
import { Confirm, FieldError } from "../../components/modal";
import { useLoad } from "../../lib/hooks";
import { useShop, useWords } from "../../lib/shop";
import { words } from "./strings";
import { ShopBasics } from "../../components/shopform";

type Props = { onInfo: (info: ShopInfo) => void };

export function SettingsPage({ onInfo }: Props) {
  const w = useWords(words);
  const { t, info } = useShop();
  const [form, setForm] = useState<Settings>(info.settings);
  const lang = info.settings.language;
  const regions = useLoad(() => api.phoneRegions(), []).data ?? [];
  const zones = useLoad(() => api.timeZones(), []).data ?? [];
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const backupList = useLoad(() => api.listBackups(), []);
  const backups = backupList.data ?? [];
  const backupProblem = useLoad(() => api.backupProblem(), []).data;
  const loadBackups = backupList.reload;
  // The copy to put back once confirmed: a file chosen (Rust's token) or one of `backups/`.
  const [restoring, setRestoring] = useState<{ token: string; name: string } | { listed: string; name: string } | null>(null);

  useEffect(() => setForm(info.settings), [info]);

  const fail = (e: unknown) => setError(toApiError(e));
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => setForm({ ...form, [key]: value });
  const save = (e: Event) => {
    e.preventDefault();
    setNotice(null);
    api.saveSettings(form).then((next) => {
      setError(null);
      setNotice([w.saved, ...next.notices].join(" "));
      onInfo(next.info);
    }, fail);
  };
  const backupNow = async () => {
    setNotice(null);
    try {
      const path = await api.backupTo({ filter: w.dialogFilterName, file_name: backupFileName(w.backupFileName, info.today) });
      if (!path) return;
      setError(null);
      setNotice(w.backupDone(path));
      loadBackups();
    } catch (e) {
      fail(e);
    }
  };
  const pickRestore = async () => {
    try {
      const chosen = await api.chooseFile("restore", { filter: w.dialogFilterName, file_name: null });
      if (chosen) setRestoring(chosen);
    } catch (e) {
      fail(e);
    }
  };
  const restore = async (copy: NonNullable<typeof restoring>) => {
    setRestoring(null);
    try {
      const said = await ("token" in copy ? api.restoreFrom(copy.token) : api.restoreBackup(copy.listed));
      setError(null);
      setNotice(`${w.restoreDone} ${said}`);
      onInfo(await api.shopInfo());
      loadBackups();
    } catch (e) {
      fail(e);
    }
  };
  const fieldError = (field: string) => <FieldError error={error} field={field} />;
  /** A whole number of a section of the settings (the lifecycle's, the community's) with its unit. */
  const number = <S extends "lifecycle" | "community">(section: S, key: keyof Settings[S] & string, label: string, unit: string, min: number, max: number) => (
    <label>
      {label}
      <span class="with-unit">
        <input
          type="number"
          min={min}
          max={max}
          data-testid={`field-${key}`}
          value={form[section][key] as number}
          onInput={(e) => set(section, { ...form[section], [key]: Number(e.currentTarget.value) })}
        />
        {unit}
      </span>
      {fieldError(key)}
    </label>
  );
  const days = (key: keyof Lifecycle, label: string) => number("lifecycle", key, label, w.days, 1, 365);

  return (
    <section class="page narrow">
      <header class="page-head">
        <h1>{w.settingsTitle}</h1>
      </header>
      {notice && (
        <p class="notice" role="status" data-testid="settings-notice">
          {notice}
        </p>
      )}
      {error && !error.field && (
        <p class="error-banner" role="alert" data-testid="settings-error">
          {error.message}
        </p>
      )}
      <form class="card form-grid" onSubmit={save} noValidate>
        <h2 class="span2">{w.shopSection}</h2>
        <ShopBasics form={form} onChange={setForm} error={error} ids={{ name: "field-shop_name", currency: "field-currency" }} />
        <label>
          {w.fieldRegion}
          <select data-testid="field-phone_region" value={form.phone_region} onChange={(e) => set("phone_region", e.currentTarget.value)}>
            {!regions.some((r) => r.code === form.phone_region) && <option value={form.phone_region}>{form.phone_region}</option>}
            {regions.map((r) => (
              <option value={r.code} key={r.code}>
                {lang === "zh-CN" ? r.zh : r.en}
              </option>
            ))}
          </select>
          <span class="hint">{w.fieldRegionHint}</span>
          {fieldError("phone_region")}
        </label>
        <label>
          {w.fieldTimeZone}
          <input data-testid="field-time_zone" list="time-zones" value={form.time_zone} onInput={(e) => set("time_zone", e.currentTarget.value)} />
          <datalist id="time-zones">
            {zones.map((z) => (
              <option value={z} key={z} />
            ))}
          </datalist>
          {fieldError("time_zone")}
        </label>
        <label>
          {w.fieldWeekStart}
          <select value={form.week_start} onChange={(e) => set("week_start", e.currentTarget.value as WeekStart)}>
            <option value="monday">{w.weekMonday}</option>
            <option value="sunday">{w.weekSunday}</option>
          </select>
        </label>
        <label>
          {w.fieldLanguage}
          <select data-testid="field-language" value={form.language} onChange={(e) => set("language", e.currentTarget.value as Lang)}>
            <option value="zh-CN">简体中文</option>
            <option value="en">English</option>
          </select>
        </label>
        <label class="check span2">
          <input type="checkbox" checked={form.mask_phones} onChange={(e) => set("mask_phones", e.currentTarget.checked)} />
          {w.fieldMask}
        </label>
        <h2 class="span2">{w.lifecycleSection}</h2>
        <p class="muted span2">{w.lifecycleLead}</p>
        {days("new_days", w.fieldNewDays)}
        {days("active_days", w.fieldActiveDays)}
        {days("lapsed_days", w.fieldLapsedDays)}
        {days("never_days", w.fieldNeverDays)}
        <p class="hint span2" data-testid="at-risk-range">
          {w.atRiskBetween(form.lifecycle.active_days, form.lifecycle.lapsed_days)}
        </p>
        <h2 class="span2">{w.communitySection}</h2>
        {number("community", "rules_review_months", w.fieldRulesReview, w.months, 1, 24)}
        {number("community", "ladder_days", w.fieldLadderDays, w.days, 7, 365)}
        {(["checkin", "ad"] as const).map((list) => (
          <label class="span2" key={list}>
            {list === "checkin" ? w.fieldCheckinWords : w.fieldAdWords}
            <input
              type="text"
              data-testid={`field-${list}_words`}
              defaultValue={form.chat_words[list].join(lang === "zh-CN" ? "、" : ", ")}
              // Read when the field is left, so a comma being typed is not taken away.
              onChange={(e) =>
                set("chat_words", {
                  ...form.chat_words,
                  [list]: e.currentTarget.value
                    .split(/[,，、]/)
                    .map((x) => x.trim())
                    .filter((x) => x !== ""),
                })
              }
            />
            {fieldError(`${list}_words`)}
          </label>
        ))}
        <div class="actions span2">
          <button type="submit" class="primary" data-testid="save-settings">
            {w.saveSettings}
          </button>
        </div>
      </form>

      <div class="card">
        <h2>{w.backupSection}</h2>
        <p class="muted">{w.backupLead}</p>
        {backupProblem && (
          <p class="notice warn" role="status" data-testid="backup-problem">
            {backupProblem.message}
          </p>
        )}
        <div class="actions left">
          <button type="button" class="primary" data-testid="backup-now" onClick={backupNow}>
            {w.backupNow}
          </button>
          <button type="button" class="secondary" data-testid="restore-file" onClick={pickRestore}>
            {w.restoreFile}
          </button>
        </div>
        {backups.length === 0 ? (
          <p class="muted">{w.noBackups}</p>
        ) : (
          <table class="backups" data-testid="backup-list">
            <thead>
              <tr>
                <th>{w.backupColumns.kind}</th>
                <th>{w.backupColumns.made}</th>
                <th class="num">{w.backupColumns.size}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {backups.map((b) => (
                <tr key={b.path}>
                  <td title={b.file_name}>{w.backupKind[b.kind]}</td>
                  <td class="num">{formatDateTime(b.made_at, lang)}</td>
                  <td class="num">{formatBytes(b.size_bytes)}</td>
                  <td>
                    <button type="button" class="link" onClick={() => setRestoring({ listed: b.file_name, name: b.file_name })}>
                      {w.restoreThis}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p class="hint">
          {w.dataFolder}: <span class="num">{info.data_dir}</span>
        </p>
      </div>
      {info.kind === "owner" && (
        <div class="card">
          <h2>{w.demoSection}</h2>
          <p class="muted">{t.openDemoHint}</p>
          <div class="actions left">
            <button type="button" class="secondary" data-testid="settings-open-demo" onClick={() => api.openDemo().then(onInfo, fail)}>
              {t.openDemo}
            </button>
          </div>
        </div>
      )}
      {restoring && (
        <Confirm
          title={w.confirmRestoreTitle}
          text={w.confirmRestoreText(restoring.name)}
          confirm={w.restoreThis}
          cancel={t.cancel}
          danger
          onCancel={() => setRestoring(null)}
          onConfirm={() => restore(restoring)}
        />
      )}
    </section>
  );
}
