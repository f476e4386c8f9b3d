// Who is signed in: the API key (kept for this browser tab only) and what the gateway says it is.
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { api, storedKey } from "./api/client";

export type Role = "admin" | "officer" | "enterprise" | "fund" | "provider";
export type Me = {
  role: Role;
  park_ids: number[];
  company_id: number | null;
  fund_id: number | null;
  provider_id: number | null;
  key_id: number | null;
};
type SessionValue = { me: Me | null; ready: boolean; signIn: (key: string) => Promise<Me>; signOut: () => void };

const SessionContext = createContext<SessionValue | null>(null);

/** Ask the gateway who `key` is; an anonymous answer means the key was not accepted. */
export async function whoIs(key: string): Promise<Me | null> {
  const me = await api<Me | { role: "anonymous" }>("GET", "/me", undefined, key);
  return me.role === "anonymous" ? null : (me as Me);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const key = storedKey.get();
    if (!key) {
      setReady(true);
      return;
    }
    whoIs(key)
      .then(setMe, () => storedKey.clear())
      .finally(() => setReady(true));
  }, []);
  const signIn = async (key: string) => {
    const found = await whoIs(key);
    if (!found) throw new Error("rejected");
    storedKey.set(key);
    setMe(found);
    return found;
  };
  const signOut = () => {
    storedKey.clear();
    setMe(null);
  };
  return <SessionContext.Provider value={{ me, ready, signIn, signOut }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

/** The signed-in caller's park (an officer's first park). */
export const ownPark = (me: Me): number | undefined => me.park_ids[0];
