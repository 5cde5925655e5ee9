import { describe, expect, it } from 'vitest';
import { wordsOf } from './wordsOf.ts';

describe('wordsOf', () => {
  it('splits after "(" and ", " and between CamelCase words, and nowhere else', () => {
    expect(wordsOf('ServiceWriteWithOutbox(svc1, acct-1#1)')).toEqual(['Service', 'Write', 'With', 'Outbox(', 'svc1, ', 'acct-1#1)']);
    expect(wordsOf('ConnectorFlushOffsets(connector, lsn 7/-1)')).toEqual(['Connector', 'Flush', 'Offsets(', 'connector, ', 'lsn 7/-1)']);
  });
  it('keeps the text whole when joined, and a single word as it is', () => {
    const text = 'BrokerAppend(connector, acct-1@1)';
    expect(wordsOf(text).join('')).toBe(text);
    expect(wordsOf('crash')).toEqual(['crash']);
    expect(wordsOf('')).toEqual([]);
  });
});
