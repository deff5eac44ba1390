/**
 * Planted bugs for the mutation test (mutants.ts, mutation.test.ts): each is a textbook mistake
 * of quorum stores. The registered protocol runs with none of them (NO_FLAWS); only tests build
 * a flawed copy with makeDynamo(flaws), to prove the monitors catch each one.
 */
export interface Flaws {
  /** Counts a replica request as acknowledged when it is sent (acks "from node status", not delivered messages). */
  countSent?: boolean;
  /** Answers a get after R - 1 answers. */
  readOneShort?: boolean;
  /** A replica keeps only the newest arrival, dropping concurrent siblings (last writer wins on arrival). */
  dropSiblings?: boolean;
  /** Stamps every write of a node with one actor, even when the client did not see its last stamp. */
  reuseActor?: boolean;
  /** A stand-in forgets a hint as soon as it sends it, without waiting for the intended node's ack. */
  handoffWithoutAck?: boolean;
  /** A node that no longer replicates a key deletes it when it sends the transfer, before the new home stores it (§4.9). */
  transferWithoutAck?: boolean;
}

export const NO_FLAWS: Flaws = Object.freeze({});
