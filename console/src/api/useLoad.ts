import { useEffect, useState } from "react";
import { ApiError } from "./client";

export type Loaded<T> = { data?: T; error?: ApiError | Error; loading: boolean; reload: () => void };

/** Load `fetcher()` whenever `deps` change; `null` fetcher means "nothing to load yet". */
export function useLoad<T>(fetcher: (() => Promise<T>) | null, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: !!fetcher });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!fetcher) {
      setState({ loading: false });
      return;
    }
    let live = true;
    setState((previous) => ({ data: previous.data, loading: true }));
    fetcher().then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  return { ...state, reload: () => setRound((n) => n + 1) };
}
