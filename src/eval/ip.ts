import ipaddr from "ipaddr.js";

/**
 * IP addresses as Elasticsearch's `ip` type holds them (spec §5.2): 128-bit numbers, IPv4 stored as
 * IPv4-mapped IPv6, so `10.1.2.3` and `::ffff:10.1.2.3` are the same address.
 */
export type IpNumber = bigint;

/** An inclusive span of addresses: one address, or a CIDR block. */
export interface IpSpan {
  readonly lo: IpNumber;
  readonly hi: IpNumber;
}

const ALL_ONES = (1n << 128n) - 1n;

function toNumber(addr: ipaddr.IPv4 | ipaddr.IPv6): IpNumber {
  const v6 = addr.kind() === "ipv4" ? (addr as ipaddr.IPv4).toIPv4MappedAddress() : (addr as ipaddr.IPv6);
  let n = 0n;
  for (const byte of v6.toByteArray()) n = (n << 8n) | BigInt(byte);
  return n;
}

/** Strict textual forms only: dotted-quad IPv4 or IPv6 (no zone id, no shorthand like `10.1`). */
function parseStrict(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (text.includes(":")) {
    if (text.includes("%") || !ipaddr.IPv6.isValid(text)) return undefined;
    return ipaddr.IPv6.parse(text);
  }
  return ipaddr.IPv4.isValidFourPartDecimal(text) ? ipaddr.IPv4.parse(text) : undefined;
}

/** The address a document value holds, or undefined when it is not one. */
export function parseIp(text: string): IpNumber | undefined {
  const addr = parseStrict(text);
  return addr === undefined ? undefined : toNumber(addr);
}

/** A query value: an address or a CIDR block (`10.0.0.0/8`, `fc00::/7`); undefined when malformed. */
export function parseIpQuery(text: string): IpSpan | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) {
    const n = parseIp(text);
    return n === undefined ? undefined : { lo: n, hi: n };
  }
  const addr = parseStrict(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (addr === undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText) + (addr.kind() === "ipv4" ? 96 : 0);
  if (prefix > 128) return undefined;
  const hostBits = BigInt(128 - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const lo = toNumber(addr) & (ALL_ONES ^ hostMask);
  return { lo, hi: lo | hostMask };
}
