"""The client's address: REMOTE_ADDR, or the forwarded address when — and only when — the
request came through a configured trusted proxy (issue #11, defect 12).

Behind the documented nginx every request arrives from 127.0.0.1, so reading REMOTE_ADDR made
every client look local to the admin fence. Reading X-Forwarded-For from anyone would let a
client claim any address. So: only a request whose REMOTE_ADDR is in ``TRUSTED_PROXIES`` has its
X-Forwarded-For read, right to left, skipping further trusted proxies; the first other address
is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(cidrs: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(c.strip(), strict=False) for c in cidrs if c.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [::1]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 1.2.3.4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def in_networks(address: str | None, cidrs: list[str] | tuple[str, ...]) -> bool:
    ip = _address(address or "")
    return ip is not None and any(ip in net for net in _networks(tuple(cidrs)))


def client_ip(request: Any) -> str | None:
    if request is None:
        return None
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return None
    proxies = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not any(remote in net for net in proxies):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [h for h in forwarded.split(",") if h.strip()]
    client = remote
    for hop in reversed(hops):
        ip = _address(hop)
        if ip is None:
            break  # a malformed hop: trust nothing further left of it
        client = ip
        if not any(ip in net for net in proxies):
            break
    return str(client)
