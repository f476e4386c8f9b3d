import { useEffect, useState } from "react";
import { ApiError, get, query, type Page } from "./client";
import { useLoad } from "./useLoad";

type Params = Record<string, string | number | undefined>;
type Paged = { next_cursor?: string | null };

export type Pages<T> = {
  items: T[];
  total?: number;
  loading: boolean;
  error?: Error;
  /** Loads the page after the last one; undefined when there is none. */
  more?: () => void;
  loadingMore: boolean;
};

/** The answers of a paged endpoint read so far, the first one first. */
export type Answers<A> = Omit<Pages<unknown>, "items" | "total"> & { answers: A[] };

/** A paged answer (`path` with `params`: a Page, or any answer with a next_cursor, e.g. a portfolio
 * with its totals) read page by page: the first when the params change, each following one on
 * `more()` (the API's opaque next_cursor). */
export function useAnswers<A extends Paged>(path: string | null, params: Params, limit: number): Answers<A> {
  const key = JSON.stringify([path, params]);
  const first = useLoad(path === null ? null : () => get<A>(`${path}${query({ ...params, limit })}`), [key]);
  const [following, setFollowing] = useState<A[]>([]);
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
      const page = await get<A>(`${path}${query({ ...params, limit, cursor })}`);
      setFollowing((pages) => [...pages, page]);
      setError(undefined);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure : new Error(String(failure)));
    } finally {
      setLoadingMore(false);
    }
  };
  return {
    answers: first.data ? [first.data, ...following] : [],
    loading: first.loading,
    error: first.error ?? error,
    more: cursor ? () => void more() : undefined,
    loadingMore,
  };
}

/** The items `pick` takes from each answer read so far, each page's after the one before, of `total`. */
export function itemsOf<A, T>({ answers, ...rest }: Answers<A>, pick: (answer: A) => T[], total?: number): Pages<T> {
  return { ...rest, items: answers.flatMap(pick), total };
}

/** The items of a paged list, each page's after the one before. */
export function usePages<T>(path: string, params: Params, limit: number): Pages<T> {
  const answers = useAnswers<Page<T>>(path, params, limit);
  return itemsOf(answers, (page) => page.items, answers.answers[0]?.total);
}
