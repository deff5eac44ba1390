/**
 * English counts of node kinds for the CLI's summaries ("5 servers", "2 replicas", "3 proxies").
 * Kinds are names a protocol chose, some already plural ("payments", a service named after
 * what it handles): a kind ending in "s" is left as it is rather than doubled ("paymentss").
 */
export function plural(noun: string): string {
  if (/s$/i.test(noun)) return noun;
  if (/(x|z|ch|sh)$/i.test(noun)) return `${noun}es`;
  if (/[^aeiou]y$/i.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/** "1 client", "3 clients", "3 payments". */
export function countOf(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : plural(noun)}`;
}
