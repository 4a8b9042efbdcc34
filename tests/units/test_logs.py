"""Structured logs: the request id of each request, and one JSON object per line with LOG_FORMAT=json."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from tests.factories.units import UserFactory
from units.common.logs import JsonFormatter, RequestContextFilter, RequestIdMiddleware

pytestmark = pytest.mark.integration

BASE_DIR = Path(__file__).resolve().parents[2]
KEYS = {"time", "level", "logger", "message", "request_id", "user_id"}


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(RequestContextFilter())
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def collected():
    handler = Collect()
    logger = logging.getLogger("tdkt.test")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


def run_middleware(request, view):
    return RequestIdMiddleware(view)(request)


def test_a_log_line_of_a_request_carries_its_request_id_and_the_signed_in_user(collected, db):
    user = UserFactory(username="clerk-log")
    request = RequestFactory().get("/can-bo/?q=Nguyễn Thị Hằng")
    request.user = user

    def view(request):
        logging.getLogger("tdkt.test").warning("Không tìm thấy %s", "hồ sơ")
        return HttpResponse("ok")

    response = run_middleware(request, view)

    (line,) = collected
    entry = json.loads(line)
    assert set(entry) == KEYS
    assert entry["message"] == "Không tìm thấy hồ sơ"
    assert (entry["level"], entry["logger"]) == ("WARNING", "tdkt.test")
    assert entry["request_id"] == response["X-Request-ID"]
    assert len(entry["request_id"]) == 32
    assert entry["user_id"] == user.pk
    assert "Hằng" not in line  # neither the query string nor the user's name


def test_the_proxys_request_id_is_kept_and_a_strange_one_replaced(client, db):
    kept = client.get("/healthz", headers={"X-Request-ID": "0123456789abcdef0123456789abcdef"})
    replaced = client.get("/healthz", headers={"X-Request-ID": "<script>alert(1)</script>"})

    assert kept["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    assert replaced["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(replaced["X-Request-ID"]) == 32


def test_a_user_the_request_has_not_loaded_is_not_loaded_for_a_log_line(collected, db, django_assert_num_queries):
    request = RequestFactory().get("/")

    def view(request):
        logging.getLogger("tdkt.test").info("bắt đầu")
        return HttpResponse("ok")

    stack = SessionMiddleware(AuthenticationMiddleware(view))
    with django_assert_num_queries(0):
        RequestIdMiddleware(stack)(request)

    assert json.loads(collected[0])["user_id"] is None


def test_an_exception_is_logged_with_its_traceback(collected):
    try:
        raise ValueError("hỏng")
    except ValueError:
        logging.getLogger("tdkt.test").exception("Lỗi khi xuất báo cáo")

    entry = json.loads(collected[0])
    assert entry["request_id"] is None
    assert entry["exception"].startswith("Traceback")
    assert "ValueError: hỏng" in entry["exception"]


def manage_py(*args: str, log_format: str) -> subprocess.CompletedProcess:
    """A fresh process whose settings read LOG_FORMAT (settings are read once, at import)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1", LOG_FORMAT=log_format)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage_py_log(log_format: str) -> subprocess.CompletedProcess:
    code = (
        f"import logging; from django.conf import settings; assert settings.LOG_FORMAT == {log_format!r}; "
        "logging.getLogger('units').warning('Sao lưu xong: %s tệp', 3)"
    )
    return manage_py("shell", "--no-imports", "-c", code, log_format=log_format)


def test_log_format_json_writes_json_lines_with_the_expected_keys():
    result = manage_py_log("json")

    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    (entry,) = [line for line in lines if line["logger"] == "units"]
    assert set(entry) == KEYS
    assert (entry["level"], entry["message"], entry["request_id"]) == ("WARNING", "Sao lưu xong: 3 tệp", None)
    assert entry["time"].endswith("+00:00")


def test_log_format_text_stays_the_bare_message():
    result = manage_py_log("text")

    assert result.returncode == 0, result.stderr
    assert "Sao lưu xong: 3 tệp" in result.stderr.splitlines()


def test_another_log_format_refuses_to_start():
    result = manage_py("check", log_format="xml")

    assert result.returncode != 0
    assert "ImproperlyConfigured: LOG_FORMAT must be text or json." in result.stderr
