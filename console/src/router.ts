// Hash routes (#/officer/chain?chain=3): the gateway serves one page at /, the console does the rest.
import { useEffect, useState } from "react";

export type Location = { path: string; params: URLSearchParams };

function read(): Location {
  const [path, search = ""] = window.location.hash.replace(/^#/, "").split("?");
  return { path: path || "/", params: new URLSearchParams(search) };
}

export function navigate(path: string, params: Record<string, string | number | undefined> = {}): void {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  window.location.hash = text ? `${path}?${text}` : path;
}

export const href = (path: string, params: Record<string, string | number> = {}): string => {
  const text = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
  return `#${path}${text ? `?${text}` : ""}`;
};

export function useLocation(): Location {
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return location;
}
