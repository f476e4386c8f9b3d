import { useEffect, useState } from "react";
import { ApiError, get, query, type Page } from "./client";
import { useLoad } from "./useLoad";

type Params = Record<string, string | number | undefined>;

export type Pages<T> = {
  items: T[];
  total?: number;
  loading: boolean;
  error?: Error;
  /** Loads the page after the last one; undefined when there is none. */
  more?: () => void;
  loadingMore: boolean;
};

/** A paged list (`path` with `params`) read page by page: the first when the params change, each
 * following one on `more()` (the API's opaque next_cursor). */
export function usePages<T>(path: string, params: Params, limit: number): Pages<T> {
  const key = JSON.stringify([path, params]);
  const first = useLoad(() => get<Page<T>>(`${path}${query({ ...params, limit })}`), [key]);
  const [following, setFollowing] = useState<Page<T>[]>([]);
  const [error, setError] = useState<Error>();
  const [loadingMore, setLoadingMore] = useState(false);
  useEffect(() => {
    setFollowing([]);
    setError(undefined);
  }, [key]);
  const last = following.at(-1) ?? first.data;
  const cursor = last?.next_cursor;
  const more = async () => {
    setLoadingMore(true);
    try {
      const page = await get<Page<T>>(`${path}${query({ ...params, limit, cursor })}`);
      setFollowing((pages) => [...pages, page]);
      setError(undefined);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new Error(String(failure)));
    } finally {
      setLoadingMore(false);
    }
  };
  return {
    items: [...(first.data?.items ?? []), ...following.flatMap((page) => page.items)],
    total: first.data?.total,
    loading: first.loading,
    error: first.error ?? error,
    more: cursor ? () => void more() : undefined,
    loadingMore,
  };
}
