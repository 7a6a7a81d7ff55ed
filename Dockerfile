# syntax=docker/dockerfile:1
# Build stage: install the pinned dependencies into a virtual environment.
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml ./
RUN python -m venv /venv \
 && /venv/bin/python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml','rb'))['project']['dependencies']))" > requirements.txt \
 && /venv/bin/pip install -r requirements.txt

# Runtime stage: the app, its collected static files and a warmed jieba cache, run as a non-root user.
FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings \
    DJANGO_DEBUG=0 DJANGO_STATIC_ROOT=/app/staticfiles JIEBA_CACHE_DIR=/app/var/jieba \
    GUNICORN_BIND=0.0.0.0:8000
RUN useradd --system --create-home --uid 10001 catalogue
COPY --from=build /venv /venv
WORKDIR /app
COPY --chown=catalogue:catalogue . .
# collectstatic and the jieba warm-up (its cache and the dictionary tries of search and extraction) need settings
# that load: a throwaway key for the build only.
RUN DJANGO_SECRET_KEY=build-only-$(python -c "import secrets; print(secrets.token_hex(32))") DJANGO_ALLOWED_HOSTS=build \
    sh -c "python manage.py collectstatic --noinput && python -c 'import django; django.setup(); from search.warmup import warm_up; warm_up(); from reforms.segmenter import pos_tagger; pos_tagger().tags()'" \
 && mkdir -p /app/var && chown -R catalogue:catalogue /app/var /app/staticfiles
USER catalogue
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"
ENTRYPOINT ["scripts/entrypoint.sh"]
