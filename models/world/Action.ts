/**
 * An action of the composed world: an actor instance receives an event, possibly with an
 * argument (a partition, a row). `detail` and `label` are for people; `def` and `self` locate
 * the actor in the model. Plain data.
 */
export interface Action {
  /** The instance, for example `svc1`. */
  actor: string;
  /** The machine event, for example `COMMIT`. */
  event: string;
  arg: number;
  /** TLA+-style rendering, for example `ServiceCommit(svc1, acct-1#1)`. */
  label: string;
  def: number;
  self: number;
}
