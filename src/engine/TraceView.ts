/**
 * How a model presents its states and actions to the report renderers.
 *
 * The engine and the renderers know nothing about a model's domain; a model that wants readable
 * traces supplies this view. All functions are pure.
 */
export interface TraceView<S, A> {
  /** The swim-lanes, left to right (for example Service, DB, WAL, Connector, Kafka, Consumer). */
  lanes: readonly string[];
  /** The lane whose actor performs `action`. Must be one of `lanes`. */
  actor(action: A): string;
  /** The lane that `action` mainly affects, if any other than the actor (drawn as a message). */
  target?(action: A): string | undefined;
  /** True when `action` is an injected fault (a crash, a lost ack, a failed commit). */
  isFault(action: A): boolean;
  /** What each lane "says" in `state`: lane name to a short one-line summary. */
  says(state: S): Readonly<Record<string, string>>;
}
