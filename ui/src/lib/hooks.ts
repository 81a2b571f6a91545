// What every page does with a command's answer, once.
import { useEffect, useRef, useState } from "preact/hooks";
import type { ApiError } from "./bindings";
import { toApiError } from "./api";

/** Loads with `load` whenever `deps` change: the latest answer (`data`), or why it failed
 * (`error`), and `reload` for after a change. An answer that arrives after a newer load began is
 * dropped, so a quick switch of weeks never shows the older week. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const latest = useRef(0);
  const reload = () => {
    const mine = ++latest.current;
    return load().then(
      (d) => {
        if (mine !== latest.current) return;
        setData(d);
        setError(null);
      },
      (e) => {
        if (mine !== latest.current) return;
        const error = toApiError(e);
        // An import holds the shop: the shell's banner says so, and this loads again when it ends.
        setError(error.code === "importRunning" ? null : error);
      },
    );
  };
  useEffect(() => {
    reload();
  }, deps);
  return { data, error, setError, reload };
}
