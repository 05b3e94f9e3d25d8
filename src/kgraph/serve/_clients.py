"""Who a client is, for the per-client bounds (connections, queries): an IPv4 address, or an IPv6 /64 prefix — one
IPv6 host usually controls a whole /64, so keying on its exact address would give it 2^64 shares."""

import ipaddress

IPV6_CLIENT_PREFIX = 64


def client_key(host: str | None) -> str:
    """The key of the client at `host` (an address as the socket or a trusted proxy names it)."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return host
    if address.version == 6 and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/{IPV6_CLIENT_PREFIX}", strict=False))
    return str(address)
