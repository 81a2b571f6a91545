// The last step of the first run, after the first import: the shop's name and currency, and
// (optionally) the member list. Then the dashboard of the latest complete week.
import { useState } from "preact/hooks";
import { api, toApiError } from "../../lib/api";
import { ImportWizard } from "../imports/wizard";
import type { ApiError, Settings, ShopInfo } from "../../lib/bindings";
import { useShop, useWords } from "../../lib/shop";
import { words } from "./strings";
import { ShopBasics } from "../../components/shopform";

export function SetupPage({ onInfo, onDone }: { onInfo: (i: ShopInfo) => void; onDone: () => void }) {
  const w = useWords(words);
  const { info } = useShop();
  const [form, setForm] = useState<Settings>(info.settings);
  const [error, setError] = useState<ApiError | null>(null);
  const fail = (e: unknown) => setError(toApiError(e));
  const finish = (e: Event) => {
    e.preventDefault();
    api.saveSettings(form).then((next) => {
      onInfo(next.info);
      onDone();
    }, fail);
  };

  return (
    <section class="page narrow">
      <header class="page-head">
        <div>
          <h1>{w.setupTitle}</h1>
          <p class="muted">{w.setupLead}</p>
        </div>
      </header>
      <form class="card form-grid" onSubmit={finish} noValidate data-testid="setup-form">
        <ShopBasics form={form} onChange={setForm} error={error} ids={{ name: "setup-shop-name", currency: "setup-currency" }} />
        <div class="span2">
          <h2>{w.setupMembers}</h2>
          <p class="hint">{w.setupMembersHint}</p>
          <ImportWizard kind="members" />
        </div>
        {error && !error.field && <p class="error-banner span2">{error.message}</p>}
        <div class="actions span2">
          <button type="submit" class="primary" data-testid="setup-done">
            {w.setupDone}
          </button>
        </div>
      </form>
    </section>
  );
}
