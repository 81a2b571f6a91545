// The open shop as every page and component reads it: its words, its info and its money.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Lang, ShopInfo } from "./bindings";
import { formatMoney } from "./format";
import type { Dict } from "./i18n";

export type Shop = { t: Dict; info: ShopInfo; money: (minor: number) => string };

export const ShopContext = createContext<Shop | null>(null);

/** The shop's words (`t`), info and money formatter, for a component inside `<ShopProvider>`. */
export function useShop(): Shop {
  const shop = useContext(ShopContext);
  if (!shop) throw new Error("useShop outside the shop");
  return shop;
}

/** A feature's own words (`features/<area>/strings.ts`: `{ en, "zh-CN": zh }`, the Chinese typed
 * as the English so that a missing key is a type error), in the shop's language. */
export function useWords<W>(words: Record<Lang, W>): W {
  return words[useShop().info.settings.language];
}

export function shopOf(t: Dict, info: ShopInfo): Shop {
  return { t, info, money: (minor) => formatMoney(minor, info.currency_symbol, info.currency_digits) };
}
