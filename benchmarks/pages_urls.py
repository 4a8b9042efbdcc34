"""The URLconf and the query counter of benchmarks/pages.py's server (benchmarks/pages_settings.py).

`/bench/bare/` is the floor every page is compared with: a signed-in request through the whole middleware (the
session, the user, the two-factor gate, CSRF, the security headers) that renders nothing and reads nothing else.
"""

import contextlib

from django.contrib.auth.decorators import login_required
from django.db import connections
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as product_urlpatterns


@login_required
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench-bare"), *product_urlpatterns]


class QueryCountMiddleware:
    """Adds `X-Query-Count`: the SQL queries the request ran, on every database connection."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with contextlib.ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counted))
            response = self.get_response(request)
        response["X-Query-Count"] = str(count)
        return response
