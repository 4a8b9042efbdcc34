"""Structured logs: a request id on every request and its log lines, and a JSON formatter (`LOG_FORMAT=json`).

A JSON line holds only what an operator needs to follow a request: the time (UTC), level, logger, message, the
request id and the id of the signed-in user (never a name, a query string or a form), the status code of an error
response and the traceback of an exception. Django's own request log puts only the path in its message.
"""

import contextvars
import datetime
import json
import logging
import re
import uuid

from django.utils.functional import SimpleLazyObject, empty

REQUEST_ID_HEADER = "X-Request-ID"
# An id from the proxy in front (nginx's $request_id: 32 hex digits) is kept; anything else is replaced.
_VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_request = contextvars.ContextVar("request", default=None)


class RequestIdMiddleware:
    """Give each request an id (the proxy's X-Request-ID when it sent a sane one), send it back in the response's
    X-Request-ID and stamp it on the request's log lines. First in MIDDLEWARE, so that even a redirect of the
    security middleware carries it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request.request_id = offered if _VALID_ID.fullmatch(offered) else uuid.uuid4().hex
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


def _user_id(request):
    user = getattr(request, "user", None)
    # Loading the user for a log line would query the database from inside logging (and log that query): only a
    # user the request has already loaded is named.
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `user_id` (None outside a request) to every record of the handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = _request.get()
        record.request_id = getattr(request, "request_id", None)
        record.user_id = _user_id(request) if request is not None else None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line (see the module docstring for the keys)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        status_code = getattr(record, "status_code", None)
        if isinstance(status_code, int):
            entry["status_code"] = status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
