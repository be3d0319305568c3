#!/usr/bin/env bash
# Scan a running Coordinator on 127.0.0.1 only: exposed-file probe (curl), sqlmap on every search and filter
# parameter of the list pages (logged in), wapiti (SQL, XSS, CSRF, headers, cookie flags, redirects, uploads,
# files), and a 30-second locust load run. Fails on any SQL injection, XSS, open redirect or missing-CSRF
# finding, on an exposed file, and on any error under load. Bounded: SCAN_BUDGET seconds in all (default 1000).
# The scanners live in their own venv (.venv-scan), never in the app's.
set -euo pipefail
cd "$(dirname "$0")/.."

BUDGET=${SCAN_BUDGET:-1000}
LOAD_SECONDS=${LOAD_SECONDS:-30}
SQLMAP_SECONDS=${SQLMAP_SECONDS:-300}
WAPITI_SECONDS=${WAPITI_SECONDS:-240}
APP_BIN=.venv/bin
SCAN_VENV=.venv-scan
HOST=127.0.0.1
WORK=$(mktemp -d /tmp/coordinator-scan.XXXXXX)
OUT=${SCAN_OUTPUT:-$WORK/report}
mkdir -p "$OUT"
START=$(date +%s)
failures=()

left() { echo $(( BUDGET - ($(date +%s) - START) )); }
bounded() {  # bounded SECONDS command...: never past the overall budget
    local want=$1; shift
    local remaining; remaining=$(left)
    (( remaining < 10 )) && { echo "scan budget exhausted"; return 124; }
    timeout --kill-after=10 $(( want < remaining ? want : remaining )) "$@"
}

if [ ! -x "$SCAN_VENV/bin/sqlmap" ] || [ ! -x "$SCAN_VENV/bin/wapiti" ] || [ ! -x "$SCAN_VENV/bin/locust" ]; then
    echo "== installing the scanners into $SCAN_VENV =="
    python3 -m venv "$SCAN_VENV"
    "$SCAN_VENV/bin/pip" install --quiet --upgrade pip
    "$SCAN_VENV/bin/pip" install --quiet "sqlmap==1.10.10" "wapiti3==3.2.3" "locust==2.47.0"
fi

# -- the app under gunicorn, production settings, demo data, on a database of its own --------------------
PORT=$("$APP_BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://$HOST:$PORT"
export COORDINATOR_ENV=production FLASK_APP=coordinator
export SECRET_KEY; SECRET_KEY=$("$APP_BIN/python" -c 'import secrets; print(secrets.token_hex(32))')
export DATABASE_URL="sqlite:///$WORK/scan.sqlite" UPLOAD_FOLDER="$WORK/uploads" IMPORT_FOLDER="$WORK/imports"
export SESSION_COOKIE_SECURE=0 TRUSTED_HOSTS="$HOST"  # plain http on the loopback only
# The scanners send thousands of requests from one address: throttles off for the scan, on in every test.
export LOGIN_MAX_FAILURES=100000 LOGIN_MAX_FAILURES_PER_ADDRESS=100000
"$APP_BIN/flask" db upgrade >"$OUT/setup.log" 2>&1
"$APP_BIN/flask" demo-data >>"$OUT/setup.log" 2>&1
USER_NAME=admin
PASSWORD=$("$APP_BIN/python" -c 'from coordinator.demo.people import PASSWORD; print(PASSWORD)')

"$APP_BIN/gunicorn" --workers 2 --threads 4 --bind "$HOST:$PORT" --access-logfile "$OUT/access.log" \
    --error-logfile "$OUT/gunicorn.log" "coordinator:create_app()" 2>>"$OUT/app.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK/scan.sqlite"*' EXIT
for _ in $(seq 100); do curl -fsS -o /dev/null "$BASE/login" 2>/dev/null && break; sleep 0.2; done

JAR=$WORK/cookies.txt
login() {
    rm -f "$JAR"
    local token
    token=$(curl -sS -c "$JAR" -b "$JAR" "$BASE/login" | grep -o 'name="csrf_token"[^>]*value="[^"]*"' | head -n1 \
        | sed 's/.*value="\([^"]*\)"/\1/')
    local status
    status=$(curl -sS -o /dev/null -w '%{http_code}' -c "$JAR" -b "$JAR" --data-urlencode "csrf_token=$token" \
        --data-urlencode "username=$USER_NAME" --data-urlencode "password=$PASSWORD" "$BASE/login")
    [ "$status" = 302 ] || { echo "log-in failed ($status)"; exit 1; }
    awk '$6 == "coordinator_session" {print $7}' "$JAR"
}
COOKIE=$(login)

# -- exposed files ------------------------------------------------------------------------------------------
echo "== path probe =="
probe_failed=0
for path in /.git/config /.git/HEAD /.env /.venv/ /instance/ /instance/coordinator.sqlite /coordinator.sqlite \
            /setup.cfg /README.md /Makefile /coordinator/config.py /migrations/ /uploads/ /backup.tar.gz \
            /coordinator-backup.tar.gz /static/ /static/css/ /static/../setup.cfg /static/..%2fsetup.cfg \
            /static/%2e%2e/%2e%2e/etc/passwd /static/..%252f..%252fsetup.cfg /server-status /.DS_Store \
            /admin/../instance/ /index.php /wp-login.php /debug /console /__debug__/ /api/v1/../../setup.cfg; do
    status=$(curl -sS -o "$WORK/probe" -w '%{http_code}' --path-as-is -b "coordinator_session=$COOKIE" "$BASE$path")
    if [ "$status" != 404 ] && [ "$status" != 400 ] && [ "$status" != 405 ]; then
        echo "EXPOSED? $path -> $status"; probe_failed=1
    elif grep -qiE 'Index of|\[metadata\]|SECRET_KEY|Traceback|root:x:0' "$WORK/probe"; then
        echo "LEAK in the $status page of $path"; probe_failed=1
    fi
done
(( probe_failed )) && failures+=("exposed files")
echo "path probe done"

# -- sqlmap on every search and filter parameter ----------------------------------------------------------
echo "== sqlmap (level 3, risk 2) =="
"$APP_BIN/python" scripts/scan_targets.py "$BASE" "$COOKIE" >"$OUT/sqlmap-targets.txt"
echo "$(wc -l <"$OUT/sqlmap-targets.txt") list pages with search or filter parameters"
sqlmap_end=$(( $(date +%s) + SQLMAP_SECONDS ))
sqlmap_cut=0
while read -r target; do
    per=$(( sqlmap_end - $(date +%s) ))
    (( per < 5 )) && { sqlmap_cut=1; break; }
    # Cookie and User-Agent are not tested (level 3 would otherwise fuzz the session itself); the DBMS is
    # named so payloads for other databases are not sent. Time-based blind tests are left out for time.
    bounded "$per" "$SCAN_VENV/bin/sqlmap" -u "$target" --cookie="coordinator_session=$COOKIE" \
        --level=3 --risk=2 --dbms=SQLite --technique=BEUS --batch --skip="coordinator_session" \
        --skip-static --flush-session --output-dir="$WORK/sqlmap" --disable-coloring \
        --answers="follow=N" >>"$OUT/sqlmap.log" 2>&1 || true
done <"$OUT/sqlmap-targets.txt"
(( sqlmap_cut )) && echo "sqlmap: time budget reached before the last targets (see $OUT/sqlmap.log)"
# A finding is a parameter sqlmap names as injectable or confirms. Its column-count heuristic ("target URL
# appears to be UNION injectable with N columns") comes before its own check and is followed, for a page
# whose output merely varies with a filter, by "does not seem to be injectable": not a finding by itself.
FOUND="identified the following injection point|parameter '[^']+' is vulnerable|parameter '[^']+' appears to be '[^']+' injectable"
if grep -qE "$FOUND" "$OUT/sqlmap.log"; then
    grep -E "$FOUND" "$OUT/sqlmap.log"
    failures+=("sqlmap: SQL injection")
fi
grep -cE "all tested parameters do not appear to be injectable" "$OUT/sqlmap.log" | sed 's/^/sqlmap: targets with no injectable parameter: /'

# -- wapiti ----------------------------------------------------------------------------------------------------
echo "== wapiti =="
COOKIE=$(login)  # a fresh session for the crawl
bounded $(( WAPITI_SECONDS + 180 )) "$SCAN_VENV/bin/wapiti" -u "$BASE/" --scope folder \
    -m "sql,xss,permanentxss,csrf,http_headers,cookieflags,redirect,upload,file,csp,methods" \
    -C "coordinator_session=$COOKIE" \
    --external-endpoint "$BASE/" --internal-endpoint "$BASE/" --dns-endpoint "$HOST" \
    -x "$BASE/logout" -x "$BASE/profile/password" -x "$BASE/profile/tokens/revoke" -x "$BASE/language" \
    -x "$BASE/admin/users/*" -x "$BASE/static/*" -x "$BASE/api/*" \
    --max-scan-time "$WAPITI_SECONDS" --max-attack-time 25 --depth 3 --max-links-per-page 30 \
    --max-files-per-dir 15 --tasks 4 --flush-session --store-session "$WORK/wapiti" --no-bugreport \
    -f json -o "$OUT/wapiti.json" >"$OUT/wapiti.log" 2>&1 || echo "wapiti ended early (see $OUT/wapiti.log)"
if [ -s "$OUT/wapiti.json" ]; then
    "$APP_BIN/python" - "$OUT/wapiti.json" >"$OUT/wapiti-summary.txt" <<'PY' || failures+=("wapiti: blocking findings")
import json, sys
report = json.load(open(sys.argv[1]))
blocking = ("SQL Injection", "Blind SQL Injection", "Cross Site Scripting", "Stored Cross Site Scripting",
            "Reflected Cross Site Scripting", "Open Redirect", "Cross Site Request Forgery")

def explained(category, item):
    # Forms with a prefix (prefs-, pw-, token-) carry "<prefix>-csrf_token", which wapiti does not know by
    # name; Flask-WTF checks every field ending in csrf_token (tests/security/test_csrf.py proves it).
    return category.startswith("Cross Site Request Forgery") and "-csrf_token=" in item.get("http_request", "")


failed = False
for category, found in sorted(report.get("vulnerabilities", {}).items()):
    if not found:
        continue
    blocking_found = [i for i in found if any(category.lower().startswith(b.lower()) for b in blocking)
                      and not explained(category, i)]
    failed |= bool(blocking_found)
    print(f"{'FAIL' if blocking_found else 'note'}: {category}: {len(found)}")
    for item in found[:8]:
        why = " (explained: prefixed CSRF token)" if explained(category, item) else ""
        print(f"    {item.get('method')} {item.get('path')} {item.get('parameter', '')}: "
              f"{item.get('info', '')[:150]}{why}")
sys.exit(1 if failed else 0)
PY
    cat "$OUT/wapiti-summary.txt"
else
    failures+=("wapiti: no report")
fi

# -- load ------------------------------------------------------------------------------------------------------
echo "== load: locust, ${LOAD_SECONDS}s =="
export COORDINATOR_USER=$USER_NAME COORDINATOR_PASSWORD=$PASSWORD
COORDINATOR_API_TOKEN=$("$APP_BIN/python" - <<'PY'
from coordinator import create_app
from coordinator.auth.tokens import create_token
from coordinator.auth.models import User
from coordinator.extensions import db
app = create_app()
with app.app_context():
    user = db.session.scalar(db.select(User).where(User.username == "admin"))
    _token, secret = create_token(user, "load run", "read")
    db.session.commit()
    print(secret)
PY
)
export COORDINATOR_API_TOKEN
bounded $(( LOAD_SECONDS + 60 )) "$SCAN_VENV/bin/locust" -f scripts/locustfile.py --headless --host "$BASE" \
    --users 10 --spawn-rate 5 --run-time "${LOAD_SECONDS}s" --csv "$OUT/load" --only-summary \
    >"$OUT/locust.log" 2>&1 || true
if [ -s "$OUT/load_stats.csv" ]; then
    "$APP_BIN/python" - "$OUT/load_stats.csv" <<'PY' || failures+=("load: errors")
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
total = next(r for r in rows if r["Name"] == "Aggregated")
print(f"requests {total['Request Count']}, failures {total['Failure Count']}, "
      f"{float(total['Requests/s']):.1f} req/s, median {total['Median Response Time']} ms, "
      f"95% {total['95%']} ms, 99% {total['99%']} ms, max {float(total['Max Response Time']):.0f} ms")
sys.exit(1 if int(total["Failure Count"]) else 0)
PY
else
    failures+=("load: no figures")
fi
if grep -qE '" 5[0-9][0-9] ' "$OUT/access.log"; then
    echo "server errors in the access log:"; grep -E '" 5[0-9][0-9] ' "$OUT/access.log" | head
    failures+=("5xx responses")
fi

echo "== scan finished in $(( $(date +%s) - START ))s; reports in $OUT =="
if (( ${#failures[@]} )); then
    printf 'FAILED: %s\n' "${failures[@]}"
    exit 1
fi
echo "no SQL injection, XSS, open redirect, missing CSRF, exposed file or load error found"
