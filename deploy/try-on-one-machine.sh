#!/bin/sh
# Every role of a multi-machine deployment started on this one machine, then checked end to end:
# nginx in front of gunicorn (2 workers), two RQ workers on separate queues (default; pdf and
# reports), PostgreSQL, Redis, media on an S3-compatible bucket (moto's S3 server), static files
# collected for WhiteNoise, the scheduled dispatch_pending, and the /sante/ health check.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/tremplin_essai REDIS_URL=redis://127.0.0.1:6379/12 \
#     sh deploy/try-on-one-machine.sh
#
# Needs nginx (apt-get install nginx-light) and the dev requirements (moto[server]). The database
# is migrated and gets the demo data; everything started here is stopped at the end.
set -eu
cd "$(dirname "$0")/.."
PY=.venv/bin/python
WEB_PORT=${WEB_PORT:-18000}
PROXY_PORT=${PROXY_PORT:-18080}
S3_PORT=${S3_PORT:-18900}
RUN=$(mktemp -d)
PIDS=""

export DEBUG=false
export SECRET_KEY="essai-deploiement-$(date +%s)-cle-jetable-0123456789abcdefghijklmnop"
export ALLOWED_HOSTS=127.0.0.1,localhost
export SITE_URL="http://127.0.0.1:$PROXY_PORT"
export NUM_PROXIES=1
export S3_BUCKET=tremplin-essai S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT" S3_REGION=eu-west-3
export S3_ACCESS_KEY_ID=essai S3_SECRET_ACCESS_KEY=essai
: "${DATABASE_URL:?DATABASE_URL (PostgreSQL) est requis}"
: "${REDIS_URL:?REDIS_URL est requis}"

stop() {
    for pid in $PIDS; do kill "$pid" 2>/dev/null || true; done
    [ -f "$RUN/nginx.pid" ] && kill "$(cat "$RUN/nginx.pid")" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$RUN"
}
trap stop EXIT INT TERM
step() { printf '\n== %s\n' "$1"; }
wait_for() {  # URL: until it answers 200, at most 60 s
    i=0
    until curl -fs -o /dev/null -H "X-Forwarded-Proto: https" "$1"; do
        i=$((i + 1)); [ $i -gt 120 ] && { echo "$1 ne répond pas"; exit 1; }; sleep 0.5
    done
}

step "Stockage S3 (moto) sur le port $S3_PORT"
.venv/bin/moto_server -H 127.0.0.1 -p "$S3_PORT" >"$RUN/s3.log" 2>&1 & PIDS="$PIDS $!"
sleep 1
$PY - <<'EOF'
import os, time, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name="eu-west-3",
                  aws_access_key_id="essai", aws_secret_access_key="essai")
for _ in range(50):
    try:
        s3.create_bucket(Bucket=os.environ["S3_BUCKET"], CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
        break
    except Exception:
        time.sleep(0.2)
print("seau", os.environ["S3_BUCKET"], "créé")
EOF

step "Mise en production : migrate, collectstatic, données de démonstration (une seule machine)"
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
$PY manage.py seed_demo --force >/dev/null  # a demo server: DEBUG is off, as in production
echo "ok"

step "Web : gunicorn (2 workers) sur 127.0.0.1:$WEB_PORT"
.venv/bin/gunicorn lms.wsgi --workers 2 --bind "127.0.0.1:$WEB_PORT" --log-level warning >"$RUN/web.log" 2>&1 & PIDS="$PIDS $!"

step "Workers : un pour « default », un pour « pdf reports »"
$PY manage.py rqworker default --job-class django_tasks_rq.Job >"$RUN/worker-default.log" 2>&1 & PIDS="$PIDS $!"
$PY manage.py rqworker pdf reports --job-class django_tasks_rq.Job >"$RUN/worker-pdf.log" 2>&1 & PIDS="$PIDS $!"

step "Proxy : nginx sur le port $PROXY_PORT"
mkdir -p "$RUN/nginx"
sed -e "s#@WEB@#127.0.0.1:$WEB_PORT#; s#@PORT@#$PROXY_PORT#; s#@RUN@#$RUN#g" deploy/nginx/try-on-one-machine.conf >"$RUN/nginx.conf"
nginx -c "$RUN/nginx.conf" -p "$RUN/nginx"
wait_for "http://127.0.0.1:$WEB_PORT/sante/"

step "Santé à travers le proxy"
curl -fsS "http://127.0.0.1:$PROXY_PORT/sante/"; echo
curl -fsS -o /dev/null -w "catalogue : %{http_code}, %{size_download} octets\n" "http://127.0.0.1:$PROXY_PORT/formations/"
curl -fsS -o /dev/null -w "fichier statique (WhiteNoise) : %{http_code}\n" "http://127.0.0.1:$PROXY_PORT/static/css/site.css"
curl -sS -o /dev/null -w "/media/ fermé au proxy : %{http_code}\n" "http://127.0.0.1:$PROXY_PORT/media/certificats/x.pdf"

step "Tâches planifiées : dispatch_pending, publish_scheduled"
$PY manage.py dispatch_pending
$PY manage.py publish_scheduled

step "Une attestation réémise : rendue par le worker pdf, rangée dans le seau S3"
$PY manage.py shell -c '
import time
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from certificates import services
from certificates.models import Certificate
from lms.models import Job
old = Certificate.objects.filter(status="valid").order_by("pk").first()
new, job = services.reissue_certificate(certificate=old, by=get_user_model().objects.get(username="coordination"))
for _ in range(120):
    new.refresh_from_db()
    if new.pdf_sha256:
        break
    time.sleep(0.5)
job.refresh_from_db()
print("tâche", job.status, "; PDF", new.pdf.name or "absent", "; dans le seau :", default_storage.exists(new.pdf.name))
print("stockage :", type(default_storage._wrapped).__module__)
assert new.pdf_sha256 and default_storage.exists(new.pdf.name)
'
grep -h "Job OK\|Successfully completed\|pdf:" "$RUN/worker-pdf.log" | tail -2 || true

step "Tout est en place (/sante/ répond 503 quand PostgreSQL ou Redis manque : tests/lms). Arrêt."
