import { describe, expect, it } from 'vitest';
import { atLeast, currentDebezium, debeziumRules, type DebeziumVersion } from './DebeziumVersion.ts';

describe('debeziumRules', () => {
  it('applies the DBZ-7816 fix from 2.6.2 on (and in 2.7.0 and every 3.x), not before', () => {
    expect(debeziumRules('2.6.1').dbz7816).toBe(false);
    expect(debeziumRules('2.5.4').dbz7816).toBe(false);
    expect(debeziumRules('2.6.2').dbz7816).toBe(true);
    expect(debeziumRules('2.7.0').dbz7816).toBe(true);
    expect(debeziumRules(currentDebezium).dbz7816).toBe(true);
  });

  it('compares releases number by number, not as text', () => {
    expect(atLeast('2.10.0', '2.6.2')).toBe(true);
    expect(atLeast('2.6.10', '2.6.2')).toBe(true);
    expect(atLeast('10.0.0', '9.9.9')).toBe(true);
    expect(atLeast('2.6.1', '2.6.2')).toBe(false);
  });

  it('refuses a version that is not major.minor.patch, naming it', () => {
    expect(() => debeziumRules('2.6' as DebeziumVersion)).toThrow(/'2.6' is not major.minor.patch/);
  });
});
