/**
 * Splits an action's text into the pieces a line may not break inside: a line may break only
 * after `(` and `, `, and between the words of a CamelCase name (`Service|Write|With|Outbox(`).
 * Joined again, the pieces are the text itself. Pure.
 */
export function wordsOf(text: string): string[] {
  return text.split(/(?<=\(|, )|(?<=[a-z])(?=[A-Z])/).filter((w) => w !== '');
}
