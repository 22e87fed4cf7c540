# Conduct in a container: granian serving conduct.wsgi on port 8000 by default; the same
# image runs the task workers, the scheduler and the operators' commands (compose.yaml).
#
# Static files are gathered at build time into /opt/conduct/var/static, inside the image,
# so each new image brings its own. The files Conduct keeps (evidence, letters, frozen
# decision packs) go under /var/lib/conduct: mount a volume there.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    DJANGO_SETTINGS_MODULE=conduct.settings.production \
    CONDUCT_VAR_DIR=/opt/conduct/var \
    EVIDENCE_ROOT=/var/lib/conduct/evidence \
    LETTERS_ROOT=/var/lib/conduct/letters \
    CASE_FILES_ROOT=/var/lib/conduct/case-files

# libmagic checks uploaded evidence by content; Pango lays out letters and decision packs
# (WeasyPrint), in Liberation Sans as their style sheets ask; Node.js and npm fetch the
# GOV.UK Frontend files.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        libmagic1 libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation nodejs npm \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/conduct \
        --shell /usr/sbin/nologin conduct \
    && install -d -o conduct -g conduct -m 0750 /var/lib/conduct

WORKDIR /opt/conduct

# The front-end packages first, so a change to the Python code does not fetch them again.
# axe-core, the only development dependency, is for the browser tests.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

COPY . .
RUN pip install . \
    && python -m compileall -q conduct

# The secret key and host are throwaway values for this one command: collectstatic needs the
# production settings to load, and neither value is kept in the image's environment.
RUN SECRET_KEY=collectstatic-at-build-time-only-never-used-to-sign-anything \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --no-input \
    && install -d -o conduct -g conduct -m 0750 /opt/conduct/var/imports

USER conduct

EXPOSE 8000

# /healthz answers 200 when the database and at least one task worker are alive. The Host
# header is the first of ALLOWED_HOSTS, and X-Forwarded-Proto stops the redirect to HTTPS.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; host = next((h.strip().lstrip('*.') for h in os.environ.get('ALLOWED_HOSTS', '').split(',') if h.strip().lstrip('*.')), 'localhost'); urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': host, 'X-Forwarded-Proto': 'https'}), timeout=4)"]

CMD ["granian", "--interface", "wsgi", "conduct.wsgi:application", \
     "--host", "0.0.0.0", "--port", "8000", \
     "--workers", "2", "--blocking-threads", "8", "--backpressure", "8", \
     "--respawn-failed-workers", "--respawn-interval", "1", "--no-ws"]
