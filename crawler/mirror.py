"""The bundled local mirror: real sites' pages served over HTTP on 127.0.0.1.

Records keep the real URLs; only the fetch is routed. The download handler
sends ``https://HOST/PATH?QUERY`` to ``http://127.0.0.1:PORT/HOST/PATH?QUERY``
when ``corpus/sites/HOST`` exists and gives the response back under the real
URL, so the dupefilter, the JOBDIR queue, robots.txt and the records never
see the mirror's address.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from scrapy import signals
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

__all__ = [
    "DEFAULT_ROOT",
    "MirrorDownloadHandler",
    "MirrorExtension",
    "MirrorServer",
    "generic_site_urls",
    "mirror_path",
    "mirrored_hosts",
]

logger = logging.getLogger(__name__)

DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "corpus" / "sites"
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".aspx": "text/html; charset=utf-8",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
}
# Some CMSs (NukeViet here) send no charset in the header, only in <meta>.
_META_ONLY_HOSTS = {"camlo.quangtri.gov.vn"}


def mirror_path(root: Path, host: str, path: str, query: str = "") -> Path | None:
    """The file serving ``HOST/PATH?QUERY``; an unknown query falls back to the bare path."""
    path = unquote(path or "/")
    if path.endswith("/"):
        path += "index.html"
    base = (root / host.lower() / path.lstrip("/")).resolve()
    if root.resolve() not in base.parents:
        return None
    candidates = [base.with_name(f"{base.name}@{query}")] if query else []
    candidates.append(base)
    if not base.suffix or base.is_dir():
        candidates.append(base / "index.html")
    return next((c for c in candidates if c.is_file()), None)


def mirrored_hosts(root: Path) -> set[str]:
    """Hosts the mirror serves: the directories of ``root`` named like a domain."""
    return {p.name for p in root.iterdir() if p.is_dir() and "." in p.name}


def generic_site_urls(root: Path = DEFAULT_ROOT) -> list[str]:
    """Home pages of the mirrored sites that no bundled profile owns: crawled generically."""
    from .profiles import available_profiles, load_profile

    profiles = [load_profile(name) for name in available_profiles()]
    return [
        f"https://{host}/"
        for host in sorted(mirrored_hosts(root))
        if not any(p.owns(host) for p in profiles)
    ]


def _content_type(path: Path, host: str) -> str:
    suffix = Path(path.name.split("@", 1)[0]).suffix.lower()
    ctype = _TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "text/html; charset=utf-8"
    if host in _META_ONLY_HOSTS and ctype.startswith("text/html"):
        return "text/html"
    return ctype


class _Handler(BaseHTTPRequestHandler):
    server_version = "vnminer-mirror/1"

    def __init__(self, *args, root: Path, **kwargs) -> None:
        self.root = root
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _serve(self, send_body: bool) -> None:
        parts = urlsplit(self.path)
        host, _, rest = parts.path.lstrip("/").partition("/")
        found = mirror_path(self.root, host, "/" + rest, parts.query) if host else None
        if found is None:
            self.send_error(404, "not in the mirror")
            return
        data = found.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", _content_type(found, host))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def log_message(self, format: str, *args) -> None:
        logger.debug("mirror: " + format, *args)


class MirrorServer:
    """A threaded HTTP server for the mirror on 127.0.0.1 (port 0: any free port)."""

    def __init__(self, root: Path = DEFAULT_ROOT, port: int = 0) -> None:
        if not root.is_dir():
            raise FileNotFoundError(f"mirror root {root} does not exist")
        self.root = root
        self._server = ThreadingHTTPServer(("127.0.0.1", port), partial(_Handler, root=root))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def hosts(self) -> set[str]:
        return mirrored_hosts(self.root)

    def start(self) -> MirrorServer:
        self._thread.start()
        logger.info("mirror of %s serving at %s", self.root, self.url)
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class MirrorExtension:
    """Starts the mirror for a crawl (``MIRROR_ENABLED``), unless ``MIRROR_URL`` names one."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("MIRROR_ENABLED"):
            raise NotConfigured
        self.root = Path(settings.get("MIRROR_ROOT") or DEFAULT_ROOT)
        self.server: MirrorServer | None = None
        self.base_url: str = settings.get("MIRROR_URL") or ""
        if not self.base_url:
            self.server = MirrorServer(self.root).start()
            self.base_url = self.server.url
        self.hosts = mirrored_hosts(self.root)
        crawler.signals.connect(self.close, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MirrorExtension:
        return cls(crawler)

    def close(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None

    def route(self, url: str) -> str | None:
        """The mirror URL for ``url``, or ``None`` when its host is not mirrored."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host.startswith("www."):
            host = host[4:]
        if host not in self.hosts:
            return None
        query = f"?{parts.query}" if parts.query else ""
        return f"{self.base_url}/{host}{parts.path or '/'}{query}"


class MirrorDownloadHandler(HTTP11DownloadHandler):
    """HTTP(S) downloads, with mirrored hosts fetched from the mirror under their real URL."""

    lazy = True

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._mirror = crawler.get_extension(MirrorExtension)

    async def download_request(self, request: Request) -> Response:
        target = self._mirror.route(request.url) if self._mirror is not None else None
        if target is None:
            return await super().download_request(request)
        response = await super().download_request(request.replace(url=target))
        return response.replace(url=request.url, request=request)
