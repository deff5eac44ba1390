import { describe, expect, it } from 'vitest';
import { countOf, plural } from './plural';

describe('plural: the CLI counts node kinds in English', () => {
  it('adds s to an ordinary noun and leaves one alone', () => {
    expect(countOf(5, 'server')).toBe('5 servers');
    expect(countOf(1, 'client')).toBe('1 client');
    expect(countOf(0, 'replica')).toBe('0 replicas');
  });
  it('does not double a kind that already ends in s (the "paymentss" bug)', () => {
    expect(plural('payments')).toBe('payments');
    expect(countOf(3, 'payments')).toBe('3 payments');
  });
  it('follows the -es and -ies rules', () => {
    expect(plural('box')).toBe('boxes');
    expect(plural('switch')).toBe('switches');
    expect(plural('proxy')).toBe('proxies');
    expect(plural('relay')).toBe('relays');
  });
});

describe('npm run sim: the summary line names the mesh\'s kinds', () => {
  it('--protocol mesh counts "3 payments", not "3 paymentss"', async () => {
    const { main } = await import('./sim');
    const stdout: string[] = [];
    const code = await main(['--protocol', 'mesh', '--until', '200'], { out: (line) => stdout.push(line), err: () => {}, progress: () => {}, isTTY: false });
    expect(code).toBe(0);
    expect(stdout[0]).toContain('3 payments PAY1-PAY3');
    expect(stdout[0]).toContain('5 frontends FE1-FE5');
    expect(stdout[0]).not.toContain('paymentss');
  });
});
