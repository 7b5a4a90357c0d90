"""A person's first minutes in the admin, in headless Chromium: sign in, choose a company, see
its chart of accounts.

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe): the standard
library is enough, nothing is downloaded, and no port is opened besides the live server's. The
test is skipped where Debian's chromium is not installed (`apt-get install chromium`).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from common.models import Company
from ledger.seed import seed_tenant
from tenants.routing.context import tenant_context
from tenants.testing import TENANT_DATABASES, make_company

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
]
TIMEOUT = 30.0

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed (apt-get install chromium)"
    ),
    # Committed data: the live server answers from its own threads and connections.
    pytest.mark.django_db(databases=TENANT_DATABASES, transaction=True),
]


def _high_fd(fd: int) -> int:
    """Move `fd` above 4, so that the shell's 3< and 4> redirections cannot clobber it."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class Browser:
    """Just enough of the DevTools protocol: one page, navigate, click, type, read, screenshot.

    Chromium reads commands from its fd 3 and writes answers and events to its fd 4, each
    message a JSON object ended by a NUL byte.
    """

    def __init__(self, profile: Path) -> None:
        to_chrome_r, to_chrome_w = (_high_fd(fd) for fd in os.pipe())
        from_chrome_r, from_chrome_w = (_high_fd(fd) for fd in os.pipe())
        self.process = subprocess.Popen(
            [
                "bash",
                "-c",
                f'exec "$0" "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}',
                CHROMIUM,
                *FLAGS,
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            pass_fds=(to_chrome_r, from_chrome_w),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.writer, self.reader = to_chrome_w, from_chrome_r
        self.buffer = b""
        self.events: list[dict[str, Any]] = []
        self.next_id = 0
        self.session: str | None = None
        try:
            target = self.send("Target.createTarget", url="about:blank")["targetId"]
            self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            self.send("Page.enable")
        except BaseException:
            self.close()
            raise

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            ready, _, _ = select.select([self.reader], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.reader, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if self.session is not None:
            message["sessionId"] = self.session
        os.write(self.writer, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            answer = self._read(deadline)
            if answer.get("id") != self.next_id:
                self.events.append(answer)
                continue
            if "error" in answer:
                raise RuntimeError(f"{method}: {answer['error']}")
            result: dict[str, Any] = answer["result"]
            return result

    def wait_for(self, event: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for i, message in enumerate(self.events):
                if message.get("method") == event:
                    del self.events[: i + 1]
                    return
            self.events.append(self._read(deadline))

    def navigate(self, url: str) -> None:
        self.events.clear()
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def click(self, selector: str, *, navigates: bool = False) -> None:
        """Click the middle of the element like a mouse would."""
        found = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); if (!e) return null;"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        assert found is not None, f"nothing matches {selector}"
        x, y = found
        if navigates:
            self.events.clear()
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
        if navigates:
            self.wait_for("Page.loadEventFired")

    def type_into(self, selector: str, text: str) -> None:
        self.click(selector)
        self.send("Input.insertText", text=text)

    def text(self, selector: str) -> str:
        value = self.evaluate(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " return e ? e.innerText : ''; })()"
        )
        return str(value)

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"]))

    def close(self) -> None:
        try:
            self.session = None
            self.send("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        finally:
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            os.close(self.writer)
            os.close(self.reader)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    chromium = Browser(tmp_path / "profile")
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def acme_books() -> Company:
    acme = make_company("acme")
    with tenant_context(acme):
        seed_tenant(company=acme)
    return acme


def test_staff_sign_in_choose_a_company_and_see_its_accounts(
    browser: Browser, live_server: Any, django_user_model: Any, acme_books: Company, tmp_path: Path
) -> None:
    django_user_model.objects.create_superuser("root", "root@example.com", "pw-root-123456")

    browser.navigate(f"{live_server.url}/admin/")
    assert browser.evaluate("location.pathname") == "/admin/login/"
    assert "Staff sign-in" in browser.text("#login-intro")
    browser.type_into("#id_username", "root")
    browser.type_into("#id_password", "pw-root-123456")
    browser.click("#login-form input[type=submit]", navigates=True)

    assert browser.evaluate("location.pathname") == "/admin/"
    assert "No company chosen" in browser.text("#admin-company")
    browser.click("#admin-company a", navigates=True)
    assert browser.evaluate("location.pathname") == "/admin/company/"
    browser.click('tr[data-slug="acme"] input[type=submit]', navigates=True)

    assert "Acme" in browser.text("#admin-company")
    browser.navigate(f"{live_server.url}/admin/ledger/account/")
    browser.screenshot(tmp_path / "accounts.png")
    assert "Bank current account" in browser.text("#result_list")
    assert "Acme" in browser.text("#admin-company")


def test_the_api_reference_renders_its_sections_and_asks_nothing_of_other_sites(
    browser: Browser, live_server: Any
) -> None:
    browser.send(
        "Page.addScriptToEvaluateOnNewDocument",
        source="window.refused = []; document.addEventListener("
        "'securitypolicyviolation', e => window.refused.push(e.blockedURI));",
    )
    browser.navigate(f"{live_server.url}/api/redoc/")
    deadline = time.monotonic() + TIMEOUT
    while not browser.evaluate("document.querySelectorAll('.menu-content label').length > 20"):
        assert time.monotonic() < deadline, "ReDoc did not render the operations"
        time.sleep(0.2)
    time.sleep(0.5)  # the logo's image is added after the first render

    menu = browser.evaluate("document.querySelector('.menu-content').textContent")
    # Offline, a request to the CDN fails either way: the page's policy must be what stops it.
    refused = browser.evaluate("window.refused")
    foreign = browser.evaluate(
        "[...document.images].map(i => i.src).filter(s => !s.startsWith(location.origin))"
    )

    assert "Journal entries" in menu and "Create a journal entry" in menu
    assert "journal_entries_create" not in menu and "api_v1" not in menu
    assert refused and all(not url.startswith(live_server.url) for url in refused), refused
    assert foreign == []
