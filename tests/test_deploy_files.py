"""The files of deploy/ agree with the application: commands, queues, paths, upload limit, protected files.

`deploy/check.sh` checks their syntax with systemd-analyze and nginx where those are installed; these tests check
what those tools cannot know.
"""

import configparser
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands

pytestmark = pytest.mark.unit

BASE_DIR = Path(__file__).resolve().parent.parent
SYSTEMD = BASE_DIR / "deploy" / "systemd"
SITE = (BASE_DIR / "deploy" / "nginx" / "tdkt.conf").read_text()
# The worker instances the README enables: `systemctl enable --now tdkt-worker@imports.service tdkt-worker@reports…`.
WORKER_INSTANCES = ("imports", "reports")


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(SYSTEMD / name)
    return parser


def env_example() -> dict[str, str]:
    lines = (BASE_DIR / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def nginx_size(value: str) -> int:
    number, suffix = re.fullmatch(r"(\d+)([kmg]?)", value.lower()).groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[suffix]


def test_every_command_the_units_run_exists():
    commands = {
        match
        for path in SYSTEMD.glob("*.service")
        for match in re.findall(r"manage\.py (\w+)", unit(path.name)["Service"]["ExecStart"])
    }

    assert commands == {"backup", "ping_workers", "reap_jobs", "run_worker", "send_reminders"}
    assert commands <= set(get_commands())


def test_the_worker_instances_serve_every_queue_of_the_settings():
    exec_start = unit("tdkt-worker@.service")["Service"]["ExecStart"]
    queues = re.search(r"--queue-name (\S+)", exec_start).group(1)

    served = {queue for instance in WORKER_INSTANCES for queue in queues.replace("%i", instance).split(",")}

    assert served == set(settings.TASKS["default"]["QUEUES"])
    readme = (BASE_DIR / "README.md").read_text()
    assert all(f"tdkt-worker@{instance}.service" in readme for instance in WORKER_INSTANCES)


def test_every_service_reads_the_environment_file_and_runs_as_tdkt():
    for path in SYSTEMD.glob("*.service"):
        service = unit(path.name)["Service"]
        assert (service["User"], service["EnvironmentFile"], service["WorkingDirectory"]) == (
            "tdkt",
            "/etc/tdkt/env",
            "/srv/tdkt/app",
        ), path.name


def test_nginx_takes_the_largest_upload_the_application_accepts():
    (limit,) = re.findall(r"client_max_body_size (\w+);", SITE)

    assert nginx_size(limit) > max(settings.IMPORT_MAX_FILE_SIZE, settings.SCAN_MAX_FILE_SIZE)
    assert nginx_size(limit) <= settings.IMPORT_MAX_FILE_SIZE + 2 * 1024**2  # a form's worth, not an open door


def test_nginx_sends_protected_files_from_media_root_only_after_the_app():
    protected = re.search(r"location /_protected/ \{(.*?)\}", SITE, re.S).group(1)

    assert "internal;" in protected
    assert f"alias {env_example()['MEDIA_ROOT']}/;" in protected
    assert "PROTECTED_MEDIA_REDIRECT=/_protected/" in SITE
    assert re.search(r"location /media/ \{\s*return 404;", SITE)


def test_nginx_serves_collected_static_files_with_a_long_cache():
    static = re.search(r"location /static/ \{(.*?)\}", SITE, re.S).group(1)

    assert f"alias {env_example()['STATIC_ROOT']}/;" in static
    assert 'add_header Cache-Control "public, max-age=31536000, immutable" always;' in static


def test_nginx_talks_to_the_socket_of_the_web_unit_with_the_headers_the_app_reads():
    socket = unit("tdkt-web.socket")["Socket"]["ListenStream"]
    app = re.search(r"location / \{(.*?)\n    \}", SITE, re.S).group(1)

    assert f"server unix:{socket} " in SITE
    assert "proxy_set_header Host $host;" in app
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in app  # SECURE_PROXY_SSL_HEADER with BEHIND_PROXY=1
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in app
    assert "proxy_set_header X-Request-ID $request_id;" in app
