"""A small HTTP server on 127.0.0.1 whose pages misbehave on purpose, for crawl tests."""

from __future__ import annotations

import contextlib
import json
import sys
import threading
import time
import unicodedata
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from tests.support import to_cp1258

VNMINER = str(Path(sys.executable).with_name("vnminer"))


def crawl_command(
    server: FaultServer, tmp: Path, *extra: str, job: bool = False, settings: tuple[str, ...] = ()
) -> list[str]:
    """``vnminer crawl`` of ``server``'s site (its profile written into ``tmp``), without
    extraction, to ``tmp/out.jsonl``; with ``job``, ``--job-dir tmp/job``; ``settings``
    as ``-s KEY=VALUE``."""
    cmd = [
        VNMINER,
        "crawl",
        "--site",
        str(server.profile(tmp / "p.json")),
        "--real-web",
        "--no-extract",
        "--output",
        str(tmp / "out.jsonl"),
        *extra,
    ]
    if job:
        cmd += ["--job-dir", str(tmp / "job")]
    for setting in settings:
        cmd += ["-s", setting]
    return cmd


def article_html(key: str, title: str, body: str, charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    paragraphs = "".join(
        f"<p>{body} Đây là đoạn {n} của bài “{key}”, có {n * 12 + 7} hộ tham gia.</p>"
        for n in range(1, 4)
    )
    return (
        f"<html><head>{meta}<title>{title}</title></head><body><nav>Trang chủ | Liên hệ</nav>"
        f"<h1>{title}</h1><div class='body'>{paragraphs}</div><footer>Bản quyền 2024</footer></body></html>"
    )


BODY = "Huyện ủy Cam Lộ đổi mới phương thức lãnh đạo, nâng cao chất lượng sinh hoạt chi bộ."


class FaultServer:
    """Serves /robots.txt, /list.html and /a/<case> pages; records every request."""

    CASES = (
        "ok",
        "flaky-500",
        "busy-503",
        "rate-429",
        "slow",
        "redirect-1",
        "loop-a",
        "cp1258-as-utf8",
        "utf8-as-cp1258",
        "nfd",
        "dup",
        "dup?utm_source=fb&utm_medium=social",
        "huge",
        "private",
        "truncated",
    )

    def __init__(
        self,
        delay: float = 0.0,
        n_plain: int = 0,
        cases: tuple[str, ...] | None = None,
        always: int | None = None,
        pages: int = 1,
        gate: threading.Event | None = None,
        gate_after: int = 1,
    ) -> None:
        """``always``: answer every request (robots.txt too) with this HTTP status;
        ``pages``: the article links are spread over that many listing pages, each linking
        the next (``/list.html``, ``/list-2.html``, …); ``gate``: every article request
        after the first ``gate_after`` waits until it is set (at most a minute)."""
        self.cases = self.CASES if cases is None else cases
        self.always = always
        self.pages = pages
        self.gate = gate
        self.gate_after = gate_after
        self.served = 0
        self.hits: dict[str, list[float]] = defaultdict(list)
        self.delay = delay
        self.n_plain = n_plain
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                # The crawler may hang up first (timeouts, size limits).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    server.handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def profile(self, path: Path) -> Path:
        path.write_text(
            json.dumps(
                {
                    "name": "faults",
                    "cms": "test server",
                    "domains": ["127.0.0.1"],
                    "sitemaps": [f"{self.base}/robots.txt"],
                    "listings": [f"{self.base}/list.html"],
                    "listing_links": ["a.t::attr(href)"],
                    "next_page": ["a.next::attr(href)"],
                    "article_url": ["/a/"],
                    "title": ["h1"],
                    "body": ["div.body"],
                }
            ),
            encoding="utf-8",
        )
        return path

    def urls(self) -> list[str]:
        return [f"/a/{c}" for c in self.cases] + [f"/a/plain-{i}" for i in range(self.n_plain)]

    def listing(self, page: int) -> str:
        urls = self.urls()
        size = -(-len(urls) // self.pages)
        links = "".join(
            f'<h3><a class="t" href="{u}">{u}</a></h3>' for u in urls[(page - 1) * size :][:size]
        )
        if page < self.pages:
            links += f'<a class="next" href="/list-{page + 1}.html">Trang sau</a>'
        return f"<html><body>{links}</body></html>"

    # -- responses -------------------------------------------------------------------------
    def handle(self, req: BaseHTTPRequestHandler) -> None:
        path = req.path
        with self.lock:
            self.hits[path].append(time.monotonic())
            count = len(self.hits[path])
        key = urlsplit(path).path.rsplit("/", 1)[-1]
        if self.always is not None:
            return self.send(req, self.always, "refused", "text/plain")
        if path == "/robots.txt":
            return self.send(req, 200, "User-agent: *\nDisallow: /a/private\n", "text/plain")
        if path == "/list.html" or path.startswith("/list-"):
            return self.send(req, 200, self.listing(1 if path == "/list.html" else int(key[5:-5])))
        if not path.startswith("/a/"):
            return self.send(req, 404, "not found", "text/plain")
        if self.delay:
            time.sleep(self.delay)
        if self.gate is not None:
            with self.lock:
                self.served += 1
                held = self.served > self.gate_after
            if held:
                self.gate.wait(60)
        title = f"Bài kiểm tra {key}"
        page = article_html(key, title, BODY)
        if key == "flaky-500" and count == 1:
            return self.send(req, 500, "server error", "text/plain")
        if key in ("busy-503", "rate-429") and count == 1:
            return self.send(
                req, 503 if key == "busy-503" else 429, "later", "text/plain", {"Retry-After": "1"}
            )
        if key == "slow" and count == 1:
            time.sleep(2.5)
        if key == "redirect-1":
            return self.send(req, 302, "", "text/plain", {"Location": "/a/redirect-2"})
        if key == "redirect-2":
            return self.send(req, 301, "", "text/plain", {"Location": "/a/final"})
        if key in ("loop-a", "loop-b"):
            return self.send(
                req,
                302,
                "",
                "text/plain",
                {"Location": "/a/loop-b" if key == "loop-a" else "/a/loop-a"},
            )
        if key == "cp1258-as-utf8":
            return self.send_bytes(
                req,
                200,
                to_cp1258(article_html(key, title, BODY, charset=None)),
                "text/html; charset=utf-8",
            )
        if key == "utf8-as-cp1258":
            return self.send_bytes(
                req,
                200,
                article_html(key, title, BODY, charset="windows-1258").encode(),
                "text/html; charset=windows-1258",
            )
        if key == "nfd":
            return self.send(req, 200, unicodedata.normalize("NFD", page))
        if key == "huge":
            return self.send(
                req, 200, page.replace("</body>", "<!--" + "x" * 2_000_000 + "--></body>")
            )
        if key == "truncated":
            return self.send(
                req, 200, page[: page.index("<footer>")] + "<div><p>Đoạn cuối bị cắt ngang giữa ch"
            )
        return self.send(req, 200, page)

    def send(
        self, req, status: int, text: str, ctype: str = "text/html; charset=utf-8", headers=None
    ) -> None:
        self.send_bytes(req, status, text.encode("utf-8"), ctype, headers)

    def send_bytes(self, req, status: int, data: bytes, ctype: str, headers=None) -> None:
        req.send_response(status)
        req.send_header("Content-Type", ctype)
        req.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            req.send_header(k, v)
        req.end_headers()
        req.wfile.write(data)
