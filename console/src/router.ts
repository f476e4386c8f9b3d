// Hash routes (#/officer/chain?chain=3): the gateway serves one page at /, the console does the rest.
import { useEffect, useState } from "react";

export type Location = { path: string; params: URLSearchParams };

function read(): Location {
  const [path, search = ""] = window.location.hash.replace(/^#/, "").split("?");
  return { path: path || "/", params: new URLSearchParams(search) };
}

/** Query parameters of a route; an undefined one is left out. */
type Params = Record<string, string | number | undefined>;

export const href = (path: string, params: Params = {}): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
  const text = search.toString();
  return `#${path}${text ? `?${text}` : ""}`;
};

export function navigate(path: string, params: Params = {}): void {
  window.location.hash = href(path, params);
}

export function useLocation(): Location {
  const [location, setLocation] = useState(read);
  useEffect(() => {
    const update = () => setLocation(read());
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return location;
}
