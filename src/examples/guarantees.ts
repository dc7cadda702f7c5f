/**
 * What the quickstart must print on the example repositories, in every sandbox mode: the README quotes
 * these numbers, the quickstart's verdict line checks them and its test asserts them.
 */
export interface QuickstartGuarantees {
  /** Gold and empty predictions on the hand-checked instances. */
  eval: { instances: number; goldResolved: number; emptyResolved: number };
  /** Instances validated from the examples' history by swegen mine + validate. */
  historyValidated: number;
  /** Valid synthetic instances per strategy without a model (procedural and combine; the quickstart asks for 4 bugs per strategy). */
  synthValid: { procedural: number; combine: number };
  /** Trajectories rolled out with the gold policy on the history instances, and how many resolve. */
  trajgenGold: { trajectories: number; resolved: number };
}

export const quickstartGuarantees: QuickstartGuarantees = {
  eval: { instances: 5, goldResolved: 5, emptyResolved: 0 },
  historyValidated: 7,
  synthValid: { procedural: 8, combine: 4 },
  trajgenGold: { trajectories: 7, resolved: 7 },
};
