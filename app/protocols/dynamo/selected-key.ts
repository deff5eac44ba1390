import { create } from 'zustand';

/**
 * The key the ring panel shows (its preference list, its operations, its versions): one small
 * store of this folder's own, so the node commands (get, update) act on the key the user looks at.
 */
export const useSelectedKey = create<{ key: string; setKey(key: string): void; quorum: RequestQuorum | null; setQuorum(q: RequestQuorum | null): void }>((set) => ({
  key: 'user:1',
  setKey: (key) => set({ key }),
  quorum: null,
  setQuorum: (quorum) => set({ quorum }),
}));

/** The R and W the page's client requests carry (null: the store's own). */
export interface RequestQuorum {
  r: number;
  w: number;
}

/** The fields a get or update command carries for the chosen request quorum (none: the store's, as before). */
export function quorumFields(kind: 'get' | 'update'): { r?: number; w?: number } {
  const q = useSelectedKey.getState().quorum;
  if (!q) return {};
  return kind === 'get' ? { r: q.r } : { r: q.r, w: q.w };
}
