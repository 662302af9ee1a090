"""Masthead settings: one module, every value from the environment (see .env.example).

Embedded defaults run everything on a laptop (SQLite, local media, in-process cache,
database-backed tasks); production differs by environment alone.
"""

import ipaddress
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE as CSP_NONCE
from django.core.exceptions import ImproperlyConfigured

from masthead.env import env_bool, env_choices, env_float, env_int, env_list, env_secret, env_str
from masthead.newsroom import video_embeds
from masthead.staff import role_names

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
DATA_DIR = Path(env_str("MASTHEAD_DATA_DIR", str(BASE_DIR / "var"))).resolve()

DEBUG = env_bool("DEBUG", False)
# Behind HTTPS (the production default): secure cookies, HSTS and redirect to https.
HTTPS = env_bool("HTTPS", not DEBUG)

SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The address readers use, for links in feeds, e-mails and social cards.
BASE_URL = env_str("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL

INSTALLED_APPS = [
    "masthead.core",
    "masthead.staff",
    "masthead.operations",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # one-time recovery codes
    "masthead.newsroom",
    "masthead.people",
    "masthead.discovery",
    "masthead.live",
    "masthead.membership",
    "masthead.newsletters",
    "masthead.importers",
    "masthead.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "masthead.staff.apps.UsersConfig",  # wagtail.users, with the two-factor reset
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "masthead.core.headers.PermissionsPolicyMiddleware",
    # Before anything reads the path, a cookie or a form: PostgreSQL cannot hold a NUL.
    "masthead.core.nul_bytes.NulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Under WhiteNoise (static files come compressed already), over ConditionalGet.
    "masthead.core.pagecache.CompressMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Before the page cache: /?p=123 is an old address, not the home page.
    "masthead.importers.old_addresses.OldQueryAddressMiddleware",
    # Above the session and CSRF middleware, so it sees the cookies they set.
    "masthead.core.pagecache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "masthead.core.pagecache.serving.SiteLookupMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "masthead.staff.two_factor.VerifiedAdminMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "masthead.membership.context_processors.membership",
            ],
        },
    },
]

# Database: SQLite file by default, anything dj-database-url reads otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'masthead.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # A file, not memory, for the test database: a test starts a worker process on it (one
    # file per test run, so two runs side by side do not share it).
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / f"test-db-{os.getpid()}.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: in-process by default, Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis away means an empty cache, not errors (core/pagecache/cache_backends.py).
            "BACKEND": "masthead.core.pagecache.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "masthead"),
            "OPTIONS": {
                "socket_connect_timeout": env_int("REDIS_TIMEOUT_MS", 500, minimum=10) / 1000,
                "socket_timeout": env_int("REDIS_TIMEOUT_MS", 500, minimum=10) / 1000,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache (core/pagecache.py) in front of Django for anonymous readers: on unless
# DEBUG; entries live in the default cache (Redis when REDIS_URL is set).
PAGE_CACHE = env_bool("PAGE_CACHE", not DEBUG)
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300, minimum=1)
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 60, minimum=0)
# How often an open live page asks for new updates (paused coverage: four times as long).
# Unchanged, the answer is a 304 from the page cache.
LIVE_POLL_SECONDS = env_float("LIVE_POLL_SECONDS", 1.5, minimum=0.5)
# The demo's still-live coverage gets a new update every few minutes from the scheduler
# (`make run` turns it on; never on a real newsroom's pages).
DEMO_LIVE_FEED = env_bool("DEMO_LIVE_FEED", False)
DEMO_LIVE_FEED_MINUTES = env_float("DEMO_LIVE_FEED_MINUTES", 3, minimum=0.1)

# A CDN in front: purge requests on publish through Wagtail's frontend-cache backends.
WAGTAILFRONTENDCACHE: dict[str, dict[str, Any]] = {}
if CDN_PURGE_URL := env_str("CDN_PURGE_URL"):  # Varnish, Fastly-style or any HTTP PURGE
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": CDN_PURGE_URL,
    }
if _cloudflare_token := env_secret("CLOUDFLARE_API_TOKEN"):
    if not env_str("CLOUDFLARE_ZONE_ID"):
        raise ImproperlyConfigured("CLOUDFLARE_API_TOKEN needs CLOUDFLARE_ZONE_ID")
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": _cloudflare_token,
        "ZONEID": env_str("CLOUDFLARE_ZONE_ID"),
    }
if _cloudfront := env_str("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": _cloudfront,
    }
# The URLs sent are exact (English unprefixed, Ukrainian under /uk/): no rewriting.
WAGTAILFRONTENDCACHE_LANGUAGES: list[str] = []
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

# Background work through Django's tasks API: stored in the database (`masthead db_worker`),
# or in Redis with TASKS_BACKEND=redis (RQ: `masthead rqworker default --with-scheduler
# --job-class django_tasks_rq.Job`).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
TASKS: dict[str, dict[str, Any]]
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "redis":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=redis needs REDIS_URL")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}}
else:
    raise ImproperlyConfigured("TASKS_BACKEND must be database or redis")
# /readyz says `worker: failing` when no `db_worker` has renewed its heartbeat (every 5 s,
# operations/worker.py) for this long. RQ's registry decides for itself (--worker-ttl).
WORKER_STALE_SECONDS = env_int("WORKER_STALE_SECONDS", 120, minimum=15)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Readers sign in by e-mailed link (django-sesame); staff use the admin's password login.
AUTHENTICATION_BACKENDS = [
    "masthead.staff.signin_guard.GuardedBackend",  # Django's, with a lock-out
    "sesame.backends.ModelBackend",
]
LOGIN_URL = "membership:sign_in"
WAGTAILADMIN_USER_LOGIN_FORM = "masthead.staff.signin_guard.GuardedLoginForm"
OTP_TOTP_ISSUER = env_str("NEWSROOM_NAME", "The Zelenohirsk Courier")  # shown in the app
# Staff in these roles must sign in with two-factor: until they set it up, the admin opens only
# its setup page (staff/two_factor.py). `administrators` means superusers.
TWO_FACTOR_REQUIRED_FOR = env_choices(
    "TWO_FACTOR_REQUIRED_FOR",
    [] if DEBUG else [role_names.ADMINISTRATORS, role_names.EDITORS],
    choices=[role_names.ADMINISTRATORS, *role_names.GROUPS],
)
SESAME_MAX_AGE = 15 * 60
SESAME_ONE_TIME = True

# Payments: Stripe when its keys are set, otherwise the demo provider (moves no money).
STRIPE_SECRET_KEY = env_secret("STRIPE_SECRET_KEY") or ""
STRIPE_WEBHOOK_SECRET = env_secret("STRIPE_WEBHOOK_SECRET") or ""
STRIPE_API_BASE = env_str("STRIPE_API_BASE")  # a stripe-mock or test server; unset in production
# Chosen on purpose, or fallen back to: production with the demo provider by default is a
# deploy check error (`check --deploy`) and a warning to staff in the admin.
PAYMENTS_PROVIDER_CHOSEN = bool(env_str("PAYMENTS_PROVIDER"))
PAYMENTS_PROVIDER = env_str("PAYMENTS_PROVIDER", "stripe" if STRIPE_SECRET_KEY else "demo")
if PAYMENTS_PROVIDER not in ("demo", "stripe"):
    raise ImproperlyConfigured("PAYMENTS_PROVIDER must be demo or stripe")
if PAYMENTS_PROVIDER == "stripe" and not (STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET):
    raise ImproperlyConfigured(
        "Stripe payments need STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (or their _FILE)"
    )
# The campaign banner's count: how long pages and the JSON endpoint may reuse it, and how
# often open pages ask for it again.
CAMPAIGN_CACHE_SECONDS = env_int("CAMPAIGN_CACHE_SECONDS", 5, minimum=0)
CAMPAIGN_POLL_SECONDS = env_int("CAMPAIGN_POLL_SECONDS", 15, minimum=1)

# Languages: English is the default edition, Ukrainian the second.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("uk", "Українська")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Kyiv")
USE_I18N = True
USE_TZ = True

# Static files: WhiteNoise with hashed, compressed names (off only where no collectstatic ran).
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = env_str("MEDIA_URL", "/media/")
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Media on S3-compatible object storage (AWS S3, MinIO, R2, …) when a bucket is named.
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET")
if MEDIA_S3_BUCKET:
    _s3_key, _s3_secret = (
        env_secret("MEDIA_S3_ACCESS_KEY_ID"),
        env_secret("MEDIA_S3_SECRET_ACCESS_KEY"),
    )
    if not (_s3_key and _s3_secret):
        raise ImproperlyConfigured(
            "MEDIA_S3_BUCKET needs MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY"
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "access_key": _s3_key,
            "secret_key": _s3_secret,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            "custom_domain": env_str("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "location": env_str("MEDIA_S3_PREFIX", "media"),
            "querystring_auth": False,  # public media, cacheable URLs
            "file_overwrite": False,
        },
    }
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The largest export Settings → Import takes (larger: `masthead import` on the server).
IMPORT_UPLOAD_MB = env_int("IMPORT_UPLOAD_MB", 200, minimum=1)

# Wagtail
WAGTAIL_SITE_NAME = env_str("NEWSROOM_NAME", "The Zelenohirsk Courier")
WAGTAILIMAGES_IMAGE_MODEL = "core.MastheadImage"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_UPLOAD_MB", 20, minimum=1) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Refuses a damaged picture (a JPEG cut short) with a form error, not a 500.
WAGTAILIMAGES_IMAGE_FORM_BASE = "masthead.core.image_forms.ImageForm"
WAGTAILDOCS_EXTENSIONS = ["mp4", "webm", "ogv", "vtt", "pdf", "csv", "txt"]
# Search: the database (SQLite FTS5 or PostgreSQL full text) unless SEARCH_URL names an
# Elasticsearch or OpenSearch cluster. Each engine needs its client, the extra of the same
# name: SEARCH_ENGINE=elasticsearch9 needs `masthead[elasticsearch9]` (elasticsearch 9),
# elasticsearch7/8 the elasticsearch 7/8 client, opensearch2/3 opensearch-py 2/3.
SEARCH_URL = env_secret("SEARCH_URL")
SEARCH_ENGINE = env_str("SEARCH_ENGINE", "elasticsearch8" if SEARCH_URL else "database")
SEARCH_ENGINES = {
    "database": "wagtail.search.backends.database",
    "elasticsearch7": "wagtail.search.backends.elasticsearch7",
    "elasticsearch8": "wagtail.search.backends.elasticsearch8",
    "elasticsearch9": "wagtail.search.backends.elasticsearch9",
    "opensearch2": "wagtail.search.backends.opensearch2",
    "opensearch3": "wagtail.search.backends.opensearch3",
}
if SEARCH_ENGINE not in SEARCH_ENGINES:
    raise ImproperlyConfigured(f"SEARCH_ENGINE must be one of {', '.join(SEARCH_ENGINES)}")
if SEARCH_ENGINE != "database" and not SEARCH_URL:
    raise ImproperlyConfigured(f"SEARCH_ENGINE={SEARCH_ENGINE} needs SEARCH_URL")
WAGTAILSEARCH_BACKENDS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": SEARCH_ENGINES[SEARCH_ENGINE]}
}
if SEARCH_URL:
    WAGTAILSEARCH_BACKENDS["default"] |= {
        "URLS": [SEARCH_URL],
        "INDEX": env_str("SEARCH_INDEX", "masthead"),
        "TIMEOUT": env_int("SEARCH_TIMEOUT", 5, minimum=1),
    }
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar: people's pictures are their uploads or their initials (core/avatars.py), and
# nothing in the admin is fetched from elsewhere.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail would wrap embeds in an inline style the CSP refuses; site.css sizes .embed itself.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
TAGGIT_CASE_INSENSITIVE = True
WAGTAIL_MODERATION_ENABLED = True

# E-mail: printed to the console unless an SMTP server is configured.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
# An e-mail provider through django-anymail: EMAIL_BACKEND=anymail.backends.<esp>.EmailBackend
# and its settings as ANYMAIL_<NAME> (ANYMAIL_POSTMARK_SERVER_TOKEN, ANYMAIL_WEBHOOK_SECRET,
# …; each may also be read from a file with ANYMAIL_<NAME>_FILE).
ANYMAIL = {
    name.removeprefix("ANYMAIL_").removesuffix("_FILE"): env_secret(name.removesuffix("_FILE"))
    for name in os.environ
    if name.startswith("ANYMAIL_")
}
# Newsletter sends: messages per batch (one SMTP connection each), and how long a worker's
# claim on a batch holds before the scheduler gives it to another (a worker that died).
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 200, minimum=1)
NEWSLETTER_CLAIM_LEASE = env_int("NEWSLETTER_CLAIM_LEASE", 300, minimum=30)

# Security: secure by default in production (HTTPS=true), switched off for local HTTP.
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Behind nginx, a load balancer or a CDN: the proxies' addresses or networks. Only from them
# are X-Forwarded-For / X-Forwarded-Proto / Forwarded believed (core/gateway.py), for the
# client's address (rate limits, lock-outs, the view counter) and the scheme (https).
if os.environ.get("TRUST_X_FORWARDED_PROTO"):
    raise ImproperlyConfigured(
        "TRUST_X_FORWARDED_PROTO is replaced by TRUSTED_PROXIES: list your proxy's address "
        "or network (for example TRUSTED_PROXIES=127.0.0.1 or 10.0.0.0/8)"
    )
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        if _proxy != "*":
            ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an address or a network (10.0.0.0/8)"
        ) from None
# Request bodies, refused before anything reads them (core/gateway.py): public forms are
# small; the admin takes uploads (pictures, video files, CSV imports).
REQUEST_MAX_MB = env_int("REQUEST_MAX_MB", 2, minimum=1)
ADMIN_REQUEST_MAX_MB = env_int("ADMIN_REQUEST_MAX_MB", 512, minimum=1)
SESSION_COOKIE_HTTPONLY = True
# Wagtail's live preview shows the page in a frame of the admin (same origin).
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = [
    "security.W019",  # X_FRAME_OPTIONS is SAMEORIGIN on purpose, see above
    # Preloading HSTS binds the whole domain for months: the operator opts in with
    # SECURE_HSTS_PRELOAD=true, it is not a default.
    "security.W021",
]


# Content-Security-Policy (django-csp): only this site's own scripts, styles, images and
# frames; an inline script needs the request's nonce (pages that use one are never stored
# by the page cache). The admin (Wagtail's own scripts) is left out.
def _origin(address: str) -> str:
    parts = urlsplit(address if "//" in address else f"https://{address}")
    return f"{parts.scheme}://{parts.netloc}"


MEDIA_ORIGINS = env_list(
    "MEDIA_ORIGINS",
    [
        _origin(url)
        for url in (env_str("MEDIA_S3_CUSTOM_DOMAIN"), env_str("MEDIA_S3_ENDPOINT_URL"))
        if url
    ]
    or ([f"https://{MEDIA_S3_BUCKET}.s3.amazonaws.com"] if MEDIA_S3_BUCKET else [])
    or ([_origin(MEDIA_URL)] if "//" in MEDIA_URL else []),
)
# Sites whose players a video page may embed (its video_url), always in their privacy-enhanced
# form and only once the reader presses play; "none" for no embedded players.
VIDEO_EMBED_PROVIDERS = env_choices(
    "VIDEO_EMBED_PROVIDERS", list(video_embeds.PROVIDERS), choices=video_embeds.PROVIDERS
)
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", CSP_NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *MEDIA_ORIGINS],
        "media-src": ["'self'", *MEDIA_ORIGINS],
        # Video players from the providers allowed above, and any origin CSP_FRAME_SRC adds.
        "frame-src": [
            "'self'",
            *video_embeds.frame_origins(providers=VIDEO_EMBED_PROVIDERS),
            *env_list("CSP_FRAME_SRC", []),
        ],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # The join and gift forms end at the payment provider's checkout.
        "form-action": [
            "'self'",
            *(["https://checkout.stripe.com"] if PAYMENTS_PROVIDER == "stripe" else []),
            *env_list("CSP_FORM_ACTION", []),
        ],
        "frame-ancestors": ["'self'"],
        **({"upgrade-insecure-requests": True} if HTTPS else {}),
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)

# Logs: one JSON object a line in production (LOG_FORMAT=json, the default without DEBUG),
# plain lines in development.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Errors to Sentry (or a Sentry-compatible service such as GlitchTip) when a DSN is given.
if SENTRY_DSN := env_secret("SENTRY_DSN"):
    from masthead.operations.observability import sentry_init

    sentry_init(
        SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=env_int("SENTRY_TRACES_PERCENT", 0, minimum=0) / 100,
        release=env_str("SENTRY_RELEASE"),
    )

# Serve MEDIA_ROOT from the app (one machine, no CDN); set false when something else does.
MEDIA_SERVE = env_bool("MEDIA_SERVE", not MEDIA_S3_BUCKET and MEDIA_URL.startswith("/"))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
