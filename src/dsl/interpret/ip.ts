import ipaddr from "ipaddr.js";

/**
 * Addresses as Elasticsearch's `ip` type holds them: 128-bit numbers, IPv4 as IPv4-mapped IPv6, so
 * `10.1.2.3` and `::ffff:10.1.2.3` are the same value.
 */

const V4_MAPPED_PREFIX = 0xffffn << 32n;

/** An address in Elasticsearch's accepted forms (four-part dotted IPv4, or IPv6 without zone). */
export function parseIp(text: string): bigint | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text))
    return V4_MAPPED_PREFIX | bytesToBigInt(ipaddr.IPv4.parse(text).toByteArray());
  if (!text.includes("%") && ipaddr.IPv6.isValid(text))
    return bytesToBigInt(ipaddr.IPv6.parse(text).toByteArray());
  return undefined;
}

/** A CIDR block `addr/len` as the inclusive range of 128-bit values it covers (host bits ignored). */
export function parseCidr(text: string): readonly [bigint, bigint] | undefined {
  const slash = text.lastIndexOf("/");
  if (slash < 0) return undefined;
  const addressText = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) return undefined;
  const address = parseIp(addressText);
  if (address === undefined) return undefined;
  const isV4 = ipaddr.IPv4.isValidFourPartDecimal(addressText);
  const length = Number(lengthText);
  if (length > (isV4 ? 32 : 128)) return undefined;
  const prefix = length + (isV4 ? 96 : 0);
  const hostBits = BigInt(128 - prefix);
  const low = (address >> hostBits) << hostBits;
  return [low, low | ((1n << hostBits) - 1n)];
}

function bytesToBigInt(bytes: readonly number[]): bigint {
  return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}
