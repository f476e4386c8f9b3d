import { act, renderHook, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useAnswers } from "./usePages";

type Portfolio = { totals: { companies: number }; companies: number[]; next_cursor: string | null };

// A portfolio of five companies served two at a time, as the catalog pages it (cursor: the offset).
function serve(requested: string[]) {
  return async (url: string) => {
    requested.push(url);
    const at = Number(new URL(url, "http://console").searchParams.get("cursor") ?? 0);
    const page: Portfolio = {
      totals: { companies: 5 },
      companies: [1, 2, 3, 4, 5].slice(at, at + 2),
      next_cursor: at + 2 < 5 ? String(at + 2) : null,
    };
    return new Response(JSON.stringify(page), { status: 200 });
  };
}

afterEach(() => vi.unstubAllGlobals());

describe("useAnswers", () => {
  it("reads a paged answer page by page with its next_cursor, keeping every page's items", async () => {
    const requested: string[] = [];
    vi.stubGlobal("fetch", vi.fn(serve(requested)));
    const { result } = renderHook(() => useAnswers<Portfolio>("/funds/7/portfolio", {}, 2));
    await waitFor(() => expect(result.current.answers).toHaveLength(1));
    for (const pages of [2, 3]) {
      act(() => result.current.more!());
      await waitFor(() => expect(result.current.answers).toHaveLength(pages));
    }
    expect(result.current.answers.flatMap((page) => page.companies)).toEqual([1, 2, 3, 4, 5]);
    expect(result.current.answers[0].totals.companies).toBe(5);
    expect(result.current.more).toBeUndefined();
    expect(requested).toEqual([
      "/api/v1/funds/7/portfolio?limit=2",
      "/api/v1/funds/7/portfolio?limit=2&cursor=2",
      "/api/v1/funds/7/portfolio?limit=2&cursor=4",
    ]);
  });

  it("loads nothing without a path", () => {
    const fetch = vi.fn();
    vi.stubGlobal("fetch", fetch);
    const { result } = renderHook(() => useAnswers<Portfolio>(null, {}, 2));
    expect(result.current.answers).toEqual([]);
    expect(result.current.loading).toBe(false);
    expect(fetch).not.toHaveBeenCalled();
  });
});
