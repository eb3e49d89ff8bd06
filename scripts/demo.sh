#!/usr/bin/env bash
# `make demo`: database, hub and three organisations, then the web server and (with
# Redis) a Celery worker, until Ctrl-C. Run after scripts/install.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
export PLEIN_URL_PORT=$PORT
export WAGTAILADMIN_BASE_URL=${WAGTAILADMIN_BASE_URL:-http://localhost:$PORT}
# The embedded PostgreSQL (pgserver) keeps a lock in the runtime folder; name the folder
# platformdirs would fall back to anyway, so that it does not warn about it on every command.
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/runtime-$(id -u)}
mkdir -p -m 700 "$XDG_RUNTIME_DIR"

DATABASE_URL=$($PY scripts/database.py --create)
export DATABASE_URL
echo "demo: database $DATABASE_URL"

REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export REDIS_URL
if $PY -c 'import sys, redis; redis.Redis.from_url(sys.argv[1], socket_timeout=1,
        socket_connect_timeout=1).ping()' "$REDIS_URL" 2>/dev/null; then
    with_worker=1
else
    with_worker=0
    export CELERY_TASK_ALWAYS_EAGER=true
    echo "demo: Redis is not reachable at $REDIS_URL, so no Celery worker is started:"
    echo "demo: tasks run in-process (CELERY_TASK_ALWAYS_EAGER=true) and nothing is cached."
fi

DEMO_PASSWORD=${PLEIN_DEMO_PASSWORD:-zonnige-dinsdag-42}

# The OpenID Provider's signing key for this machine (.data/ is never committed).
export PLEIN_OIDC_PRIVATE_KEY_FILE=${PLEIN_OIDC_PRIVATE_KEY_FILE:-.data/oidc-dev-key.pem}
$PY -m shared_apps.identity.keys "$PLEIN_OIDC_PRIVATE_KEY_FILE"

$PY manage.py migrate
$PY manage.py ensure_hub --domain localhost
# A person to log in with at once (anyone can also register at /account/register/; the
# verification mail is printed by the worker, or by the web server without Redis).
$PY manage.py create_person --email demo@plein.localhost --password "$DEMO_PASSWORD" \
    --first-name Demo --last-name Gebruiker --exists-ok

# name|domain|kind|theme; an organisation whose domain exists already is left as it is.
# One per theme, so the demo shows all three (site admins change it at /manage/branding/).
organisations=(
    "Gemeente Utrecht|utrecht.localhost|municipality|gemeente"
    "Provincie Gelderland|gelderland.localhost|province|rijk"
    "Waterschap Rivierenland|rivierenland.localhost|water_board|default"
)
existing=$($PY manage.py shell -v 0 -c \
    'from tenants.models import Domain; print(*Domain.objects.values_list("domain", flat=True))')
for entry in "${organisations[@]}"; do
    IFS='|' read -r name domain kind theme <<<"$entry"
    if [[ " $existing " == *" $domain "* ]]; then
        echo "demo: $name already exists at $domain"
    else
        $PY manage.py create_organisation --name "$name" --domain "$domain" --kind "$kind" \
            --theme "$theme"
    fi
done

pids=()
stop() {
    trap - EXIT INT TERM
    echo
    echo "demo: stopping"
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait || true
}
trap stop EXIT
trap 'exit 130' INT TERM

if [ "$with_worker" = 1 ]; then
    .venv/bin/celery -A config worker --loglevel INFO --concurrency 1 &
    pids+=($!)
fi
# --noreload: one process to stop on Ctrl-C (the reloader would leave a child behind).
$PY manage.py runserver --noreload "0.0.0.0:$PORT" &
pids+=($!)

cat <<MESSAGE

  Plein is starting. Open:
    hub                       http://localhost:$PORT/
    Gemeente Utrecht          http://utrecht.localhost:$PORT/
    Provincie Gelderland      http://gelderland.localhost:$PORT/
    Waterschap Rivierenland   http://rivierenland.localhost:$PORT/
    API documentation         http://localhost:$PORT/api/docs/
  Log in anywhere as demo@plein.localhost with password $DEMO_PASSWORD
  (one login works on every site: open another one and you are logged in there too).
  (*.localhost resolves to this machine in browsers; with curl: -H 'Host: utrecht.localhost')
  Ctrl-C stops the web server$([ "$with_worker" = 1 ] && echo " and the worker").

MESSAGE

# Either process ending (or Ctrl-C) ends the demo, and the trap stops the other one.
wait -n
