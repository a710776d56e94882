#!/usr/bin/env bash
# Follow the README's "Running on PostgreSQL" and "Production settings" sections as written: the fenced shell blocks
# after `<!-- ci: productie -->` and `<!-- ci: postgresql -->` run unchanged in a fresh copy of the checkout (with a
# fresh .venv) against fresh databases; the gunicorn line after `<!-- ci: start -->` runs on a free port. Then sign
# in over HTTP as a TLS proxy would forward it: the directeur's link, the password, the two-factor enrolment.
# Needs root (runuser postgres), a running PostgreSQL and python3-venv; about a minute. Called by .ci/run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/klimop-readme.XXXXXX)
chmod 755 "$work"  # runuser postgres starts in the current directory
suffix=$(date +%s)_$$
export DB_NAME=klimop_readme_$suffix DB_USER=klimop_readme_$suffix
dev_db=klimop_readme_dev_$suffix
gunicorn_pid=""

opruimen() {
  [ -n "$gunicorn_pid" ] && kill "$gunicorn_pid" 2>/dev/null && wait "$gunicorn_pid" 2>/dev/null
  for db in "$DB_NAME" "$dev_db"; do
    runuser -u postgres -- psql -qX -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1 || true
  done
  for role in "$DB_USER" "$dev_db"; do
    runuser -u postgres -- psql -qX -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap opruimen EXIT

# The shell blocks that follow a marker line, in README order.
blokken() {
  awk -v marker="<!-- ci: $1 -->" '
    $0 == marker { wacht = 1; next }
    wacht && /^```sh$/ { binnen = 1; wacht = 0; next }
    binnen && /^```$/ { binnen = 0; next }
    binnen { print }
  ' "$repo/README.md"
}

for sectie in productie postgresql start; do
  [ -n "$(blokken "$sectie")" ] || { echo "README.md has no block marked <!-- ci: $sectie -->" >&2; exit 1; }
done

# A copy of the checkout as it is (tracked files only): no .venv, no staticfiles, no database of its own.
(cd "$repo" && git ls-files -z | xargs -0 cp --parents -t "$work")
cd "$work"

echo "== README: Production (blocks run as written)"
blokken productie > productie.sh
bash -euo pipefail -c "source ./productie.sh" 2>&1 | tee productie.log
link=$(grep -o 'https://portaal\.klimop\.nl/accounts/uitnodiging/[0-9]*/[0-9a-f]*/' productie.log | tail -n 1)
[ -n "$link" ] || { echo "maak_directeur printed no invitation link" >&2; exit 1; }

echo "== README: Running on PostgreSQL (as written, with its own database)"
blokken postgresql > postgresql.sh
DB_NAME=$dev_db DB_USER=$dev_db DB_PASSWORD=$dev_db bash -euo pipefail -c "source ./postgresql.sh"

echo "== README: start gunicorn (the line from the README, on a free port)"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start=$(blokken start | grep '^\.venv/bin/gunicorn ')
[[ "$start" == *"--bind 127.0.0.1:8000"* ]] || { echo "unexpected gunicorn line: $start" >&2; exit 1; }
set -a; . ./klimop.env; set +a
${start/127.0.0.1:8000/127.0.0.1:$port} > gunicorn.log 2>&1 &
gunicorn_pid=$!

echo "== sign in over HTTP on 127.0.0.1:$port"
python3 - "$port" "$link" <<'PY'
"""Speak to gunicorn as the TLS proxy would (Host, X-Forwarded-Proto/-For); keep cookies by hand, since they are
Secure and a cookie jar would not send them over plain HTTP."""

import http.client
import json
import re
import sys
import time
from urllib.parse import urlencode, urlsplit

port, link = int(sys.argv[1]), urlsplit(sys.argv[2]).path
HOST = "portaal.klimop.nl"
PROXY = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
cookies: dict[str, str] = {}


def request(method, path, *, form=None, headers=PROXY):
    for _ in range(60):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            h = dict(headers)
            if cookies:
                h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
            body = None
            if form is not None:
                body = urlencode(form)
                h |= {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"https://{HOST}",
                    "Referer": f"https://{HOST}{path}",
                }
            conn.request(method, path, body=body, headers=h)
            response = conn.getresponse()
            break
        except ConnectionRefusedError:
            time.sleep(0.5)  # gunicorn is still starting
    else:
        sys.exit("gunicorn did not answer")
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            cookies[name] = rest.split(";", 1)[0]
    return response.status, response.getheader("Location", ""), response.read().decode("utf-8", "replace")


def expect(ok, message):
    if not ok:
        sys.exit(f"FAILED: {message}")
    print(f"ok: {message}")


status, location, _ = request("GET", "/", headers={"Host": HOST})
expect(status == 301 and location == f"https://{HOST}/", f"plain HTTP is sent to HTTPS ({status} {location})")
status, _, html = request("GET", "/")
expect(status == 200 and "KlimOp" in html, f"the home page through the proxy ({status})")
css = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', html)
expect(css is not None, "the page links the hashed static files of collectstatic")
expect(request("GET", css.group(1))[0] == 200, f"whitenoise serves {css.group(1)}")

status, _, html = request("GET", link)
expect(status == 200, f"the directeur's invitation link opens ({status})")
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
password = "Een-lange-zin-voor-de-CI-42"
form = {"csrfmiddlewaretoken": token, "new_password1": password, "new_password2": password}
status, location, _ = request("POST", link, form=form)
expect(status == 302 and "/accounts/tweestapsverificatie/instellen/" in location, f"password set → {location}")

cookies.clear()
status, _, html = request("GET", "/accounts/login/")
expect(status == 200, "the login page")
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
form = {"csrfmiddlewaretoken": token, "username": "directeur@klimop.nl", "password": password}
status, location, _ = request("POST", "/accounts/login/", form=form)
expect(status == 302, f"signed in with the password → {location}")
for _ in range(3):  # the portal sends a directeur without a second factor to the enrolment
    if "/accounts/tweestapsverificatie/instellen/" in location:
        break
    status, location, _ = request("GET", urlsplit(location).path)
expect("/accounts/tweestapsverificatie/instellen/" in location, f"the second factor is required → {location}")
status, _, html = request("GET", urlsplit(location).path)
expect(status == 200 and "<svg" in html, "the enrolment page with its QR code")
status, location, _ = request("GET", "/leerlingen/")
expect(status == 302 and "tweestapsverificatie" in location, "pupil pages stay closed until then")
print(json.dumps({"readme": "ok"}))
PY
echo "== README production and PostgreSQL sections: passed"
