// One typed wrapper per Rust command (src-tauri/app/commands.rs). The types
// come from bindings.ts, which is generated from the Rust types.
import type {
  ApiError,
  BackupFile,
  Currency,
  Lang,
  Member,
  MemberInput,
  MemberList,
  MemberQuery,
  Settings,
  ShopInfo,
} from "./bindings";

type Invoke = <T>(cmd: string, args?: Record<string, unknown>) => Promise<T>;

declare global {
  interface Window {
    __TAURI__?: { core: { invoke: Invoke } };
  }
}

function invoke<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  const tauri = window.__TAURI__;
  if (!tauri) {
    return Promise.reject({ code: "internal", message: "Regulars must run inside its app window.", field: null });
  }
  return tauri.core.invoke<T>(cmd, args);
}

export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

export const api = {
  shopInfo: () => invoke<ShopInfo>("shop_info"),
  openDemo: () => invoke<ShopInfo>("open_demo"),
  openOwnShop: () => invoke<ShopInfo>("open_own_shop"),
  listMembers: (query: MemberQuery) => invoke<MemberList>("list_members", { query }),
  addMember: (input: MemberInput) => invoke<Member>("add_member", { input }),
  updateMember: (id: number, input: MemberInput) => invoke<Member>("update_member", { id, input }),
  markMemberLeft: (id: number, on: string | null) => invoke<Member>("mark_member_left", { id, on }),
  rejoinMember: (id: number) => invoke<Member>("rejoin_member", { id }),
  forgetMember: (id: number) => invoke<null>("forget_member", { id }),
  saveSettings: (settings: Settings) => invoke<ShopInfo>("save_settings", { settings }),
  setLanguage: (language: Lang) => invoke<ShopInfo>("set_language", { language }),
  currencies: () => invoke<Currency[]>("currencies"),
  listBackups: () => invoke<BackupFile[]>("list_backups"),
  backupTo: (path: string) => invoke<null>("backup_to", { path }),
  restoreFrom: (path: string) => invoke<ShopInfo>("restore_from", { path }),
};

type DialogFilter = { name: string; extensions: string[] };

/** The native save/open dialogs of tauri-plugin-dialog; null when cancelled. */
export const dialogs = {
  save: (defaultPath: string, filter: DialogFilter) =>
    invoke<string | null>("plugin:dialog|save", { options: { defaultPath, filters: [filter] } }),
  open: (filter: DialogFilter) =>
    invoke<string | null>("plugin:dialog|open", { options: { multiple: false, directory: false, filters: [filter] } }),
};
