/**
 * Parsing of the IPv4 and IPv6 CIDR blocks that WAF IP sets take. WAF accepts every prefix
 * length except /0, so IPv4 prefixes run from 1 to 32 and IPv6 prefixes from 1 to 128.
 */

/** IP version of a parsed CIDR block. */
export enum IpVersion {
  IPV4 = 'IPV4',
  IPV6 = 'IPV6',
}

/** Result of {@link parseCidr}: the version on success, or the reason the block is invalid. */
export interface CidrParseResult {
  /** IP version; undefined when the block is invalid. */
  readonly version?: IpVersion;
  /** Reason the block is invalid; undefined when it is valid. */
  readonly problem?: string;
}

const IPV4_BITS = 32;
const IPV6_BITS = 128;

/**
 * Parses `cidr` as `address/prefix`. A block whose address has bits set beyond the prefix, such
 * as `10.0.0.1/8`, is rejected with the network address to write instead, because such a block
 * is usually a typo for a single host or a different network.
 */
export function parseCidr(cidr: string): CidrParseResult {
  const parts = cidr.split('/');
  if (parts.length !== 2) {
    return { problem: 'a CIDR block has the form address/prefix-length' };
  }
  const [address, prefixText] = parts;
  const isV6 = address.includes(':');
  const bits = isV6 ? IPV6_BITS : IPV4_BITS;

  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) < 1 || Number(prefixText) > bits) {
    return {
      problem: `the prefix length must be an integer from 1 to ${bits} for ${isV6 ? 'IPv6' : 'IPv4'}`,
    };
  }
  const prefix = Number(prefixText);

  const value = isV6 ? parseIpv6(address) : parseIpv4(address);
  if (value === undefined) {
    return {
      problem: isV6
        ? 'the address is not a valid IPv6 address (eight groups of 1–4 hex digits, "::" at most once)'
        : 'the address is not a valid IPv4 address (four decimal octets from 0 to 255)',
    };
  }

  const hostMask = (BigInt(1) << BigInt(bits - prefix)) - BigInt(1);
  if ((value & hostMask) !== BigInt(0)) {
    const network = value & ~hostMask;
    const networkText = isV6 ? formatIpv6(network) : formatIpv4(network);
    return {
      problem: `the address has bits set after the /${prefix} prefix; write the network address ${networkText}/${prefix}`,
    };
  }
  return { version: isV6 ? IpVersion.IPV6 : IpVersion.IPV4 };
}

function parseIpv4(address: string): bigint | undefined {
  const octets = address.split('.');
  if (octets.length !== 4) {
    return undefined;
  }
  let value = BigInt(0);
  for (const octet of octets) {
    // Leading zeros are rejected because some parsers read them as octal.
    if (!/^(0|[1-9]\d{0,2})$/.test(octet) || Number(octet) > 255) {
      return undefined;
    }
    value = (value << BigInt(8)) | BigInt(octet);
  }
  return value;
}

function parseIpv6(address: string): bigint | undefined {
  const halves = address.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const head = parseIpv6Groups(halves[0], halves.length === 1);
  const tail = halves.length === 2 ? parseIpv6Groups(halves[1], true) : [];
  if (head === undefined || tail === undefined) {
    return undefined;
  }

  const groupCount = head.length + tail.length;
  if (halves.length === 1 ? groupCount !== 8 : groupCount > 7) {
    return undefined;
  }
  const groups = [...head, ...new Array<number>(8 - groupCount).fill(0), ...tail];
  return groups.reduce((value, group) => (value << BigInt(16)) | BigInt(group), BigInt(0));
}

/**
 * Parses colon-separated 16-bit groups. When `mayEndWithIpv4` is true, the last group may be a
 * dotted IPv4 address (as in `::ffff:192.0.2.1`), which stands for two groups.
 */
function parseIpv6Groups(text: string, mayEndWithIpv4: boolean): number[] | undefined {
  if (text === '') {
    return [];
  }
  const pieces = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (mayEndWithIpv4 && i === pieces.length - 1 && piece.includes('.')) {
      const ipv4 = parseIpv4(piece);
      if (ipv4 === undefined) {
        return undefined;
      }
      groups.push(Number(ipv4 >> BigInt(16)), Number(ipv4 & BigInt(0xffff)));
      continue;
    }
    if (!/^[0-9A-Fa-f]{1,4}$/.test(piece)) {
      return undefined;
    }
    groups.push(parseInt(piece, 16));
  }
  return groups;
}

function formatIpv4(value: bigint): string {
  const octets: string[] = [];
  for (let shift = 24; shift >= 0; shift -= 8) {
    octets.push(String((value >> BigInt(shift)) & BigInt(0xff)));
  }
  return octets.join('.');
}

/** Formats an IPv6 address in the RFC 5952 form: lower case, longest run of zero groups as `::`. */
function formatIpv6(value: bigint): string {
  const groups: number[] = [];
  for (let shift = 112; shift >= 0; shift -= 16) {
    groups.push(Number((value >> BigInt(shift)) & BigInt(0xffff)));
  }

  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) {
      length++;
    }
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }

  const hex = groups.map((group) => group.toString(16));
  if (bestLength < 2) {
    return hex.join(':');
  }
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
