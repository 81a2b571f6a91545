// The app shell: welcome screen on first run, then navigation, the demo
// banner and the current page.
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api, events, toApiError, type ImportProgress } from "./lib/api";
import type { ApiError, FileToken, ShopInfo } from "./lib/bindings";
import { DashboardPage } from "./features/dashboard/page";
import { dict } from "./lib/i18n";
import { ImportPage } from "./features/imports/page";
import { GroupsPage } from "./features/groups/page";
import { MembersPage } from "./features/members/page";
import { ReportsPage } from "./features/review/page";
import { SettingsPage } from "./features/settings/page";
import { SetupPage } from "./features/setup/page";
import { ShopContext, shopOf } from "./lib/shop";
import { useLoad } from "./lib/hooks";
import { formatBytes, formatDateTime } from "./lib/format";

type Page = "dashboard" | "review" | "members" | "groups" | "import" | "settings" | "setup";

/** The navigation, in order: each page and the key of its label. */
const NAV: [Page, "navDashboard" | "navReview" | "navMembers" | "navGroups" | "navImport" | "navSettings"][] = [
  ["dashboard", "navDashboard"],
  ["review", "navReview"],
  ["members", "navMembers"],
  ["groups", "navGroups"],
  ["import", "navImport"],
  ["settings", "navSettings"],
];

/** The shop could not be opened: why (a newer file says "update Regulars" first), and the copies
 * in `backups/` to put back, listed without the shop. Both languages: the shop's is unknown. */
function StartupError(props: { error: ApiError; onRestored: () => void }) {
  const copies = useLoad(() => api.listBackups(), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [failed, setFailed] = useState<ApiError | null>(null);
  const both = (key: "startupErrorTitle" | "startupRestoreLead" | "startupNoCopies" | "startupRestore") =>
    `${dict("zh-CN")[key]} · ${dict("en")[key]}`;
  const restore = (fileName: string) => {
    setBusy(fileName);
    setFailed(null);
    api.restoreBackup(fileName).then(props.onRestored, (e) => (setFailed(toApiError(e)), setBusy(null)));
  };
  const list = copies.data ?? [];
  return (
    <main class="center">
      <div class="card welcome startup" role="alert" data-testid="startup-error">
        <h1>{both("startupErrorTitle")}</h1>
        <p data-testid="startup-error-message">{props.error.message}</p>
        <p class="muted">{both("startupRestoreLead")}</p>
        {list.length === 0 ? (
          <p class="muted" data-testid="startup-no-copies">
            {both("startupNoCopies")}
          </p>
        ) : (
          <table class="backups" data-testid="startup-copies">
            <tbody>
              {list.map((b) => (
                <tr key={b.path}>
                  <td class="num">{b.made_at ? formatDateTime(b.made_at, "zh-CN") : b.file_name}</td>
                  <td class="num">{formatBytes(b.size_bytes)}</td>
                  <td>
                    <button type="button" class="secondary" data-testid={`startup-restore-${b.file_name}`} disabled={busy !== null} onClick={() => restore(b.file_name)}>
                      {busy === b.file_name ? `${dict("zh-CN").startupRestoring} · ${dict("en").startupRestoring}` : both("startupRestore")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {failed && <p class="error-banner">{failed.message}</p>}
      </div>
    </main>
  );
}

function App() {
  const [info, setInfo] = useState<ShopInfo | null>(null);
  const [fatal, setFatal] = useState<ApiError | null>(null);
  const [page, setPage] = useState<Page>("dashboard");
  const [week, setWeek] = useState<string | null>(null);
  const [openMember, setOpenMember] = useState<number | null>(null);
  // The first run's "Import my POS export": import, then the shop's details, then the dashboard.
  const [firstImport, setFirstImport] = useState(false);
  // What opening the shop did (customers' phones read again), shown until dismissed.
  const [openedSeen, setOpenedSeen] = useState(false);
  const go = (next: Page) => {
    setOpenMember(null);
    setPage(next);
  };
  const [busy, setBusy] = useState(false);
  // The import running, shown on every page with its Cancel; the import page stays mounted once
  // opened, so leaving it mid-import and coming back finds the import where it is.
  const [running, setRunning] = useState<ImportProgress | null>(null);
  const [importOpened, setImportOpened] = useState(false);
  // A file dropped on the window, whatever the page: the import page opens with it.
  const [dropped, setDropped] = useState<FileToken | null>(null);
  useEffect(() => {
    if (page === "import") setImportOpened(true);
  }, [page]);

  const fail = (e: unknown) => setFatal(toApiError(e));
  const refresh = () => api.shopInfo().then(setInfo, fail);
  useEffect(() => {
    refresh();
    const stops = [
      events.onImportProgress(setRunning),
      events.onFileDrop((file) => {
        setDropped(file);
        setOpenMember(null);
        setPage("import");
      }),
      // Pages asked while it ran were told an import runs: they load again now.
      events.onImportFinished(() => (setRunning(null), refresh())),
    ];
    return () => stops.forEach((stop) => stop());
  }, []);
  useEffect(() => {
    if (info) document.documentElement.lang = info.settings.language;
  }, [info]);

  const act = (call: () => Promise<ShopInfo>, then: Page = "dashboard") => {
    setBusy(true);
    call()
      .then((next) => {
        setInfo(next);
        setWeek(null);
        go(then);
      }, fail)
      .finally(() => setBusy(false));
  };

  if (fatal && !info) {
    return <StartupError error={fatal} onRestored={() => (setFatal(null), refresh())} />;
  }
  if (!info) return <main class="center muted">…</main>;
  const t = dict(info.settings.language);

  if (info.first_run) {
    return (
      <main class="center">
        <div class="welcome" data-testid="welcome">
          <div class="brand-mark" aria-hidden="true">
            熟
          </div>
          <h1>{t.welcomeTitle}</h1>
          <p class="lead">{t.welcomeLead}</p>
          <div class="choices">
            <button
              type="button"
              class="choice primary"
              data-testid="import-first"
              disabled={busy}
              onClick={() => {
                setFirstImport(true);
                act(api.openOwnShop, "import");
              }}
            >
              <strong>{t.importFirst}</strong>
              <span>{t.importFirstHint}</span>
            </button>
            <button type="button" class="choice" data-testid="open-demo" disabled={busy} onClick={() => act(api.openDemo)}>
              <strong>{t.openDemo}</strong>
              <span>{t.openDemoHint}</span>
            </button>
          </div>
          <button type="button" class="link" data-testid="start-own" disabled={busy} title={t.startOwnHint} onClick={() => act(api.openOwnShop)}>
            {t.startOwn}
          </button>
          <button type="button" class="link" data-testid="lang-toggle" title={t.switchLanguageTitle} onClick={() => act(() => api.setLanguage(info.settings.language === "en" ? "zh-CN" : "en"))}>
            {t.switchLanguage}
          </button>
          {fatal && <p class="error-banner">{fatal.message}</p>}
        </div>
      </main>
    );
  }

  const shopName = info.settings.shop_name || t.appName;
  return (
    <ShopContext.Provider value={shopOf(t, info)}>
      <div class="layout">
        <nav class="sidebar">
          <div class="brand">
            <span class="brand-mark small" aria-hidden="true">
              熟
            </span>
            <span class="shop-name" title={shopName}>
              {shopName}
            </span>
          </div>
          {NAV.map(([p, label]) => (
            <button type="button" key={p} class={page === p ? "nav active" : "nav"} data-testid={`nav-${p}`} onClick={() => go(p)}>
              {t[label]}
            </button>
          ))}
          <div class="spacer" />
          <button
            type="button"
            class="nav lang"
            data-testid="lang-toggle"
            title={t.switchLanguageTitle}
            onClick={() => api.setLanguage(info.settings.language === "en" ? "zh-CN" : "en").then(setInfo, fail)}
          >
            {t.switchLanguage}
          </button>
        </nav>
        <main class="content">
          {info.kind === "demo" && (
            <div class="demo-banner" role="status" data-testid="demo-banner">
              <span>{t.demoBanner}</span>
              <button type="button" class="secondary" data-testid="leave-demo" disabled={busy} onClick={() => act(api.openOwnShop)}>
                {t.leaveDemo}
              </button>
            </div>
          )}
          {info.read_only && (
            <div class="demo-banner read-only" role="status" data-testid="read-only-banner">
              <span>{t.readOnlyBanner(info.data_dir)}</span>
            </div>
          )}
          {info.opened && !openedSeen && (
            <div class="demo-banner" role="status" data-testid="opened-banner">
              <span>{info.opened}</span>
              <button type="button" class="secondary" data-testid="opened-dismiss" onClick={() => setOpenedSeen(true)}>
                {t.dismiss}
              </button>
            </div>
          )}
          {running && page !== "import" && (
            <div class="demo-banner running" role="status" data-testid="import-banner">
              <span>{t.importingBanner(running.file, Math.floor((100 * running.done) / Math.max(running.total, 1)))}</span>
              <progress max={Math.max(running.total, 1)} value={running.done} />
              <button type="button" class="secondary" data-testid="import-banner-open" onClick={() => go("import")}>
                {t.importingOpen}
              </button>
              <button type="button" class="secondary" data-testid="import-banner-cancel" onClick={() => api.importCancel()}>
                {t.cancel}
              </button>
            </div>
          )}
          {fatal && <p class="error-banner">{fatal.message}</p>}
          {page === "dashboard" && (
            <DashboardPage
              week={week}
              onWeek={setWeek}
              onOpenMember={(id) => {
                setOpenMember(id);
                setPage("members");
              }}
              onImport={() => go("import")}
              onReview={() => go("review")}
            />
          )}
          {page === "review" && <ReportsPage week={week} onWeek={setWeek} onImport={() => go("import")} />}
          {page === "members" && <MembersPage onChanged={refresh} openMemberId={openMember} />}
          {page === "groups" && <GroupsPage />}
          {page === "setup" && (
            <SetupPage
              onInfo={setInfo}
              onDone={() => {
                setFirstImport(false);
                go("dashboard");
              }}
            />
          )}
          {page === "settings" && <SettingsPage onInfo={setInfo} />}
          {/* Last: the pages above come first in the document. */}
          {(page === "import" || importOpened) && (
            // After the shop's first import, the first run's, or any import into a shop without a
            // name yet: its details.
            <div hidden={page !== "import"} class="kept">
              <ImportPage dropped={dropped} onChanged={refresh} onNext={() => go("setup")} offerNext={firstImport || !info.settings.shop_name} />
            </div>
          )}
        </main>
      </div>
    </ShopContext.Provider>
  );
}

const root = document.getElementById("app");
if (root) render(<App />, root);
