// Before a shop's first import: the currency, phone region and time zone as the file tells them
// (each with why), beside the shop's own — the computer's defaults until now — for the owner to
// confirm or correct; after it, a phone region the file's phones fit better. Saving goes through
// the settings (what changes for sales already kept is said there) and the preview is read again.
import { useState } from "preact/hooks";
import { api, toApiError } from "../../lib/api";
import type { ApiError, Guessed, Preview, Settings } from "../../lib/bindings";
import { useLoad } from "../../lib/hooks";
import { useShop, useWords } from "../../lib/shop";
import { words } from "./strings";

type Key = "currency" | "phone_region" | "time_zone";
const KEYS: Key[] = ["currency", "phone_region", "time_zone"];

/** Whether the preview asks the owner about the shop before importing. */
export function asksAboutShop(preview: Preview): boolean {
  return preview.first_import || preview.shop_guess.phone_region !== null;
}

export function ShopCheck(props: { preview: Preview; onSaved: (notices: string[]) => void }) {
  const w = useWords(words);
  const { info } = useShop();
  const guess = props.preview.shop_guess;
  const proposed = (key: Key): string => guess[key]?.value ?? info.settings[key];
  const [form, setForm] = useState<Record<Key, string>>({
    currency: proposed("currency"),
    phone_region: proposed("phone_region"),
    time_zone: proposed("time_zone"),
  });
  const [error, setError] = useState<ApiError | null>(null);
  const currencies = useLoad(() => api.currencies(), []).data ?? [];
  const regions = useLoad(() => api.phoneRegions(), []).data ?? [];
  const zones = useLoad(() => api.timeZones(), []).data ?? [];
  const lang = info.settings.language;
  const shown: Key[] = props.preview.first_import ? KEYS : ["phone_region"];
  const save = () => {
    const next: Settings = { ...info.settings, ...form, shop_name: info.settings.shop_name || w.shopCheckDefaultName };
    api.saveSettings(next).then((saved) => {
      setError(null);
      props.onSaved(saved.notices);
    }, (e) => setError(toApiError(e)));
  };
  const why = (key: Key, g: Guessed | null) =>
    g ? (g.value === info.settings[key] ? w.shopCheckSame(g.why) : w.shopCheckSays(g.why)) : w.shopCheckSilent;
  const options: Record<Key, { value: string; label: string }[]> = {
    currency: currencies.map((c) => ({ value: c.code, label: `${c.code} ${c.symbol}` })),
    phone_region: regions.map((r) => ({ value: r.code, label: `${lang === "en" ? r.en : r.zh} (${r.code})` })),
    time_zone: zones.map((z) => ({ value: z, label: z })),
  };
  return (
    <div class="card shop-check" data-testid="shop-check">
      <h2>{props.preview.first_import ? w.shopCheckTitle : w.shopCheckPhonesTitle}</h2>
      <p class="hint">{props.preview.first_import ? w.shopCheckLead : w.shopCheckPhonesLead}</p>
      <div class="form-grid">
        {shown.map((key) => (
          <label key={key}>
            <span>{w.shopCheckField[key]}</span>
            <select
              data-testid={`shop-check-${key}`}
              value={form[key]}
              onChange={(e) => setForm({ ...form, [key]: e.currentTarget.value })}
            >
              {!options[key].some((o) => o.value === form[key]) && <option value={form[key]}>{form[key]}</option>}
              {options[key].map((o) => (
                <option value={o.value} key={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <span class="hint" data-testid={`shop-check-why-${key}`}>
              {why(key, guess[key])}
            </span>
          </label>
        ))}
      </div>
      {error && <p class="error-banner">{error.message}</p>}
      <div class="actions left">
        <button type="button" class="primary" data-testid="shop-check-save" onClick={save}>
          {w.shopCheckSave}
        </button>
      </div>
    </div>
  );
}
