// The shop's details the first run and Settings both ask for: one form part, one behaviour.
import { api } from "../lib/api";
import type { ApiError, Settings } from "../lib/bindings";
import { useLoad } from "../lib/hooks";
import { FieldError } from "./modal";
import { useShop } from "../lib/shop";

/** The shop's name and currency, edited in `form`; `ids` are the two inputs' test ids. */
export function ShopBasics(props: {
  form: Settings;
  onChange: (next: Settings) => void;
  error: ApiError | null;
  ids: { name: string; currency: string };
}) {
  const { form, onChange, error, ids } = props;
  const { t } = useShop();
  const { data: currencies } = useLoad(() => api.currencies(), []);
  return (
    <>
      <label class="span2">
        {t.fieldShopName}
        <input data-testid={ids.name} value={form.shop_name} maxLength={60} onInput={(e) => onChange({ ...form, shop_name: e.currentTarget.value })} />
        <FieldError error={error} field="shop_name" />
      </label>
      <label>
        {t.fieldCurrency}
        <select data-testid={ids.currency} value={form.currency} onChange={(e) => onChange({ ...form, currency: e.currentTarget.value })}>
          {(currencies ?? []).map((c) => (
            <option value={c.code} key={c.code}>
              {c.code} ({c.symbol})
            </option>
          ))}
        </select>
        <FieldError error={error} field="currency" />
      </label>
    </>
  );
}
