import { create } from 'zustand';

/**
 * The key the ring panel shows (its preference list, its operations, its versions): one small
 * store of this folder's own, so the node commands (get, update) act on the key the user looks at.
 */
export const useSelectedKey = create<{ key: string; setKey(key: string): void }>((set) => ({
  key: 'user:1',
  setKey: (key) => set({ key }),
}));
