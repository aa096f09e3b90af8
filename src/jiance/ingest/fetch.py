"""Fetch one URL safely: http/https only, no private networks, bounded redirects, size and time.

Server-side request forgery is the risk: a monitored feed or a user-supplied link may point at
127.0.0.1, the cloud metadata address 169.254.169.254 or an intranet host. Every hop is
resolved with socket.getaddrinfo, EVERY resolved address is checked with the ipaddress module,
and the request then goes to the checked IP itself (Host header and TLS SNI keep the name), so a
DNS answer that changes between check and connect (DNS rebinding) cannot redirect us. Redirects
are followed by hand, each hop checked again. Proxies from the environment are ignored because
a proxy would connect on our behalf to an address we never checked.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from jiance.model import JianceError

USER_AGENT = "jiance/0.1 (+https://github.com/jiance; policy monitoring; respects robots.txt)"
_REDIRECTS = {301, 302, 303, 307, 308}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass
class FetchResult:
    """What one GET returned after redirects; `encoding` is the header's charset or None."""

    url: str
    final_url: str
    status: int
    content_type: str | None
    encoding: str | None
    data: bytes


def forbidden_reason(ip: IPAddress) -> str | None:
    """Why an address must not be contacted without --allow-private, or None if it may be."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_loopback:
        return "private or loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private or not ip.is_global:
        return "private or loopback"
    return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses a host name resolves to (an IP literal resolves to itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%")[0])
        if ip not in seen:
            seen.append(ip)
    return seen


def _checked_address(url: str, original: str, allow_private: bool) -> tuple[str, int, IPAddress]:
    """Scheme, host and port of one hop, and the address we will connect to (checked)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise JianceError(f"{original}: only http and https URLs can be fetched, not {parts.scheme or 'none'}")
    host = parts.hostname
    if not host:
        raise JianceError(f"{original}: no host in URL {url}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as err:
        raise JianceError(f"{original}: bad port in URL {url}") from err
    try:
        addresses = resolve(host, port)
    except (socket.gaierror, UnicodeError, OSError) as err:
        raise JianceError(f"{original}: cannot resolve host {host} ({err})") from err
    if not addresses:
        raise JianceError(f"{original}: host {host} has no address")
    if not allow_private:
        for ip in addresses:
            reason = forbidden_reason(ip)
            if reason:
                raise JianceError(
                    f"{original}: refused: {host} resolves to {reason} address {ip} (pass --allow-private to allow)"
                )
    return host, port, addresses[0]


def _pinned(url: str, host: str, port: int, ip: IPAddress) -> tuple[str, dict[str, str], dict]:
    """The URL rewritten to the checked IP, with the Host header and TLS name of the original."""
    parts = urlsplit(url)
    literal = f"[{ip}]" if ip.version == 6 else str(ip)
    default = 443 if parts.scheme == "https" else 80
    netloc = literal if port == default else f"{literal}:{port}"
    name = f"[{host}]" if ":" in host else host  # IPv6 literal hosts keep their brackets
    host_header = name if port == default else f"{name}:{port}"
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    extensions = {"sni_hostname": host} if parts.scheme == "https" else {}
    return pinned, {"Host": host_header}, extensions


def _charset(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


def fetch_url(
    url: str,
    *,
    allow_private: bool = False,
    timeout: float = 20.0,
    max_bytes: int = 20_000_000,
    max_redirects: int = 5,
) -> FetchResult:
    """GET a URL with SSRF guards, following at most `max_redirects` redirects by hand."""
    deadline = time.monotonic() + timeout
    current = url
    client = httpx.Client(
        follow_redirects=False,
        timeout=httpx.Timeout(timeout),
        trust_env=False,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/xml,*/*"},
    )
    try:
        for _hop in range(max_redirects + 1):
            host, port, ip = _checked_address(current, url, allow_private)
            target, headers, extensions = _pinned(current, host, port, ip)
            request = client.build_request("GET", target, headers=headers, extensions=extensions)
            response = client.send(request, stream=True)
            try:
                if response.status_code in _REDIRECTS and response.headers.get("location"):
                    current = urljoin(current, response.headers["location"])
                    continue
                if response.status_code >= 400:
                    raise JianceError(f"{url}: HTTP {response.status_code}")
                data = _read_body(response, url, max_bytes, deadline, timeout)
                content_type = response.headers.get("content-type")
                return FetchResult(
                    url=url,
                    final_url=current,
                    status=response.status_code,
                    content_type=content_type,
                    encoding=_charset(content_type),
                    data=data,
                )
            finally:
                response.close()
        raise JianceError(f"{url}: too many redirects (more than {max_redirects})")
    except httpx.TimeoutException as err:
        raise JianceError(f"{url}: timed out after {timeout:g} s") from err
    except httpx.HTTPError as err:
        raise JianceError(f"{url}: {type(err).__name__}: {err}") from err
    finally:
        client.close()


def _read_body(response: httpx.Response, url: str, max_bytes: int, deadline: float, timeout: float) -> bytes:
    """Stream the body, stopping past max_bytes or the overall deadline (slow drips too)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise JianceError(f"{url}: too large: {int(declared)} bytes > limit of {max_bytes}")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise JianceError(f"{url}: too large: more than {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise JianceError(f"{url}: timed out after {timeout:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


__all__ = ["FetchResult", "fetch_url", "forbidden_reason", "resolve", "USER_AGENT"]
