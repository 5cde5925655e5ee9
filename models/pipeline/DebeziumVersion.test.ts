import { describe, expect, it } from 'vitest';
import { compareVersions, currentDebezium, hasChange } from './DebeziumVersion.ts';

describe('DebeziumVersion', () => {
  it('orders releases by number, not by text (2.10 is after 2.9)', () => {
    expect(compareVersions('2.10.0', '2.9.9')).toBeGreaterThan(0);
    expect(compareVersions('2.6.0', '2.6.0')).toBe(0);
    expect(compareVersions('2.5.4', '2.6.0')).toBeLessThan(0);
  });

  it('DBZ-7461 (the lost-position check, a warning) is in 2.6.0 and later, not in 2.5', () => {
    expect(hasChange('2.5.4', 'DBZ-7461')).toBe(false);
    expect(hasChange('2.6.0', 'DBZ-7461')).toBe(true);
    expect(hasChange(currentDebezium, 'DBZ-7461')).toBe(true);
  });

  it('DBZ-9118 (the check fails the task) is in 3.2.0 and later, not in 2.6.1 or 3.1.3', () => {
    expect(hasChange('2.6.1', 'DBZ-9118')).toBe(false);
    expect(hasChange('3.1.3', 'DBZ-9118')).toBe(false);
    expect(hasChange('3.2.0', 'DBZ-9118')).toBe(true);
    expect(hasChange(currentDebezium, 'DBZ-9118')).toBe(true);
  });

  it('DBZ-7816 (the slot follows the stored offsets) is in 2.6.2, 2.7.0 and later, not in 2.6.1', () => {
    expect(hasChange('2.6.1', 'DBZ-7816')).toBe(false);
    expect(hasChange('2.5.4', 'DBZ-7816')).toBe(false);
    expect(hasChange('2.6.2', 'DBZ-7816')).toBe(true);
    expect(hasChange('2.7.0', 'DBZ-7816')).toBe(true);
    expect(hasChange('2.10.0', 'DBZ-7816')).toBe(true);
    expect(hasChange(currentDebezium, 'DBZ-7816')).toBe(true);
  });
});
