#!/usr/bin/env bash
# Check the deployment files on this machine without installing or starting anything:
#   systemd-analyze verify on the units (in a scratch root holding stand-ins for the virtualenv's programs),
#   nginx -t on the site (included into a minimal nginx.conf, with a throw-away self-signed certificate).
# Needs systemd (systemd-analyze), nginx (e.g. apt-get install nginx-light) and openssl. Exit status 0 when both
# are clean; any warning of either fails.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
status=0

echo "== systemd-analyze verify"
root="$scratch/root"
mkdir -p "$root/srv/tdkt/app/.venv/bin" "$root/etc/systemd/system" "$root/usr/lib/systemd" "$root/usr/bin"
for program in python gunicorn; do
    printf '#!/bin/sh\n' >"$root/srv/tdkt/app/.venv/bin/$program"
    chmod 755 "$root/srv/tdkt/app/.venv/bin/$program"
done
cp -r /usr/lib/systemd/system "$root/usr/lib/systemd/"
cp "$(type -P kill)" "$root/usr/bin/kill"
ln -s usr/bin "$root/bin"
ln -s usr/lib "$root/lib"
cp "$here"/systemd/* "$root/etc/systemd/system/"
units=(tdkt-web.socket tdkt-web.service tdkt-worker@imports.service tdkt-worker@reports.service
       tdkt-backup.service tdkt-backup.timer tdkt-reap-jobs.service tdkt-reap-jobs.timer
       tdkt-ping-workers.service tdkt-ping-workers.timer tdkt-reminders.service tdkt-reminders.timer)
output="$(cd "$root/etc/systemd/system" && systemd-analyze verify --root="$root" "${units[@]}" 2>&1)" || status=1
if [ -n "$output" ]; then
    echo "$output"
    status=1
fi
[ "$status" = 0 ] && echo "ok: ${units[*]}"

echo "== nginx -t"
site="$scratch/nginx"
mkdir -p "$site"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=tdkt.example.vn" \
    -keyout "$site/privkey.pem" -out "$site/fullchain.pem" 2>/dev/null
sed "s#/etc/ssl/tdkt/#$site/#" "$here/nginx/tdkt.conf" >"$site/tdkt.conf"
cat >"$site/nginx.conf" <<CONF
pid $site/nginx.pid;
error_log $site/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log $site/access.log;
    include $site/tdkt.conf;
}
CONF
if ! nginx -t -q -p "$site" -e "$site/error.log" -c "$site/nginx.conf"; then
    status=1
elif [ -s "$site/error.log" ]; then
    cat "$site/error.log"
    status=1
else
    echo "ok: deploy/nginx/tdkt.conf"
fi
exit "$status"
