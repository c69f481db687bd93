"""The local web server of ``kobridge review``: the editor page and the edits it posts.

A tool, not a service. It listens on 127.0.0.1 only (a free port unless one is given) and
answers only requests whose path starts with this run's secret token (``/TOKEN/``), so no
other web page, and no other user of the machine, can read or change the file through it:
anything else gets 403. It also refuses a ``Host`` other than its own address (DNS
rebinding), and a POST whose ``Origin`` is not its own page or whose body is not JSON.

Routes, all under ``/TOKEN/``: ``GET /`` the editor page; ``POST api/edit`` one edit
(``{"op": "merge_next", "bead": 3}``, see :func:`kobridge.review.session.apply_edit`);
``POST api/undo`` and ``api/redo``. An edit answers ``{"ok": true, "beads": N}``, or an error
status with ``{"error": message}``: 409 when the file changed on disk, 422 when the edit
cannot be made or would make the file invalid.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kobridge.errors import KobridgeError
from kobridge.model import Alignment
from kobridge.review.session import ConflictError, Session

__all__ = ["ReviewServer"]

logger = logging.getLogger(__name__)

_MAX_BODY = 64 * 1024  # an edit is a few numbers


class ReviewServer:
    """Serve one session's editor on 127.0.0.1.

    Args:
        session: the file being edited.
        render: the editor page of an alignment (``html_bytes(..., editor=True)`` with the
            glossary's issues, as the CLI builds it).
        port: the port to listen on; 0 picks a free one.
        token: the secret part of the URL (a fresh random one by default).

    Raises:
        OSError: the port cannot be bound (in use, or not allowed).
    """

    def __init__(
        self,
        session: Session,
        render: Callable[[Alignment], bytes],
        *,
        port: int = 0,
        token: str | None = None,
    ) -> None:
        self.session = session
        self.render = render
        self.token = token or secrets.token_urlsafe(24)
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self._httpd.daemon_threads = True
        self.port = int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """The editor's address, token included."""
        return f"http://127.0.0.1:{self.port}/{self.token}/"

    @property
    def origins(self) -> tuple[str, ...]:
        return (f"http://127.0.0.1:{self.port}", f"http://localhost:{self.port}")

    def serve_forever(self) -> None:
        """Answer requests until :meth:`shutdown` is called (from another thread)."""
        self._httpd.serve_forever()

    def shutdown(self) -> None:
        self._httpd.shutdown()

    def close(self) -> None:
        """Stop listening, once any edit being saved is on disk (so Ctrl-C leaves no partial file)."""
        with self._lock:
            self._httpd.server_close()

    def page(self) -> bytes:
        with self._lock:
            return self.render(self.session.alignment)

    def post(self, action: str, request: dict[str, Any]) -> dict[str, Any]:
        """Run one edit, undo or redo; raises what the session raises."""
        with self._lock:
            if action == "edit":
                self.session.edit(request)
            elif action == "undo":
                self.session.undo()
            else:
                self.session.redo()
            return {
                "ok": True,
                "beads": len(self.session.alignment.beads),
                "can_undo": self.session.can_undo,
                "can_redo": self.session.can_redo,
            }


def _handler(server: ReviewServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "kobridge-review"
        sys_version = ""

        def log_message(self, format: str, *args: Any) -> None:
            logger.debug("review server: " + format, *args)

        def send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("X-Frame-Options", "DENY")
            self.end_headers()
            self.wfile.write(body)

        def send_json(self, status: HTTPStatus, data: dict[str, Any]) -> None:
            self.send(
                status, json.dumps(data, ensure_ascii=False).encode(), "application/json; charset=utf-8"
            )

        def route(self) -> str | None:
            """The path after the token, or None (and a 403 sent) when the request is refused."""
            host = self.headers.get("Host", "")
            allowed_hosts = {origin.removeprefix("http://") for origin in server.origins}
            prefix, _, rest = self.path.lstrip("/").partition("/")
            if host not in allowed_hosts or not hmac.compare_digest(prefix.encode(), server.token.encode()):
                self.send_json(
                    HTTPStatus.FORBIDDEN, {"error": "forbidden: open the URL kobridge review printed"}
                )
                return None
            return rest.partition("?")[0]

        def do_GET(self) -> None:
            path = self.route()
            if path is None:
                return
            if path == "":
                self.send(HTTPStatus.OK, server.page(), "text/html; charset=utf-8")
            else:
                self.send_json(HTTPStatus.NOT_FOUND, {"error": "not found"})

        def do_POST(self) -> None:
            path = self.route()
            if path is None:
                return
            if self.headers.get("Origin") not in server.origins:
                self.send_json(
                    HTTPStatus.FORBIDDEN, {"error": "forbidden: edits come from the editor page only"}
                )
                return
            action = path.removeprefix("api/")
            if not path.startswith("api/") or action not in ("edit", "undo", "redo"):
                self.send_json(HTTPStatus.NOT_FOUND, {"error": "not found"})
                return
            request = self.body()
            if request is None:
                return
            try:
                answer = server.post(action, request)
            except ConflictError as error:
                self.send_json(HTTPStatus.CONFLICT, {"error": str(error)})
            except KobridgeError as error:  # EditError, or an edit that would be invalid
                self.send_json(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(error)})
            else:
                self.send_json(HTTPStatus.OK, answer)

        def body(self) -> dict[str, Any] | None:
            if (self.headers.get("Content-Type") or "").split(";")[0].strip() != "application/json":
                self.send_json(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, {"error": "send JSON"})
                return None
            try:
                length = int(self.headers.get("Content-Length") or "0")
            except ValueError:
                length = -1
            if not 0 <= length <= _MAX_BODY:
                self.send_json(HTTPStatus.BAD_REQUEST, {"error": "bad Content-Length"})
                return None
            try:
                data = json.loads(self.rfile.read(length) or b"{}")
            except (ValueError, UnicodeDecodeError):
                data = None
            if not isinstance(data, dict):
                self.send_json(HTTPStatus.BAD_REQUEST, {"error": "the body must be a JSON object"})
                return None
            return data

        def do_PUT(self) -> None:
            self.refuse_method()

        def do_DELETE(self) -> None:
            self.refuse_method()

        def refuse_method(self) -> None:
            if self.route() is not None:
                self.send_json(HTTPStatus.METHOD_NOT_ALLOWED, {"error": "GET or POST only"})

    return Handler
