"""Settings of the gunicorn that benchmarks/pages.py starts: the product's own (`config.settings`, with `DEBUG=0`
and its production hardening from the environment), served over plain HTTP on 127.0.0.1.

Only what a local plain-HTTP run needs differs, and only here, never in the product's settings:
- the session and CSRF cookies are not marked Secure, so that the benchmark's client sends them back over HTTP
  (`SECURE_SSL_REDIRECT=0` in the environment already spares the redirect to HTTPS; no HSTS header either);
- the URLconf is `benchmarks.pages_urls`: the product's, plus the bare view `/bench/bare/` that each page is
  paired with;
- `benchmarks.pages_urls.QueryCountMiddleware` comes first, so that the `X-Query-Count` header of every response
  counts every SQL query of the request, the session's and the user's included.
"""

from config.settings import *  # noqa: F403 -- the product's settings, as production runs them
from config.settings import MIDDLEWARE

ROOT_URLCONF = "benchmarks.pages_urls"
MIDDLEWARE = ["benchmarks.pages_urls.QueryCountMiddleware", *MIDDLEWARE]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
