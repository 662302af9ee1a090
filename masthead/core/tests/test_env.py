import pytest
from django.core.exceptions import ImproperlyConfigured

from masthead.conftest import settings_in_fresh_process
from masthead.env import env_bool, env_int, env_list, env_secret


def test_env_bool_takes_only_true_or_false_words(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be true or false"):
        env_bool("FLAG", False)


def test_env_int_refuses_words_and_values_below_the_minimum(monkeypatch):
    monkeypatch.setenv("WORKERS", "many")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("WORKERS", 1)
    monkeypatch.setenv("WORKERS", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("WORKERS", 1, minimum=1)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example, b.example ,")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]


def test_env_secret_reads_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("from-a-file\n")
    monkeypatch.delenv("API_KEY", raising=False)
    monkeypatch.setenv("API_KEY_FILE", str(secret))
    assert env_secret("API_KEY") == "from-a-file"
    monkeypatch.setenv("API_KEY", "also-set")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        env_secret("API_KEY")


def _settings_in_a_fresh_process(**env):
    return settings_in_fresh_process(
        "s.DATABASES['default']['ENGINE']", drop=("SECRET_KEY", "DEBUG", "DATABASE_URL"), **env
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _settings_in_a_fresh_process(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY (or SECRET_KEY_FILE) must be set" in result.stderr


def test_database_url_switches_to_postgresql():
    result = _settings_in_a_fresh_process(
        SECRET_KEY="x", DATABASE_URL="postgres://u@db.example/news"
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


def _search_backend(**env):
    return settings_in_fresh_process(
        "s.WAGTAILSEARCH_BACKENDS['default']['BACKEND'], "
        "s.WAGTAILSEARCH_BACKENDS['default'].get('URLS')",
        drop=("SEARCH_",),
        SECRET_KEY="x",
        **env,
    )


def test_search_uses_the_database_unless_a_cluster_is_named():
    assert _search_backend().stdout.split()[0] == "wagtail.search.backends.database"
    result = _search_backend(SEARCH_URL="https://search.example:9200", SEARCH_ENGINE="opensearch2")
    assert (
        result.stdout.strip()
        == "wagtail.search.backends.opensearch2 ['https://search.example:9200']"
    )


def test_a_search_engine_without_its_address_fails_at_start():
    result = _search_backend(SEARCH_ENGINE="elasticsearch8")
    assert result.returncode != 0 and "needs SEARCH_URL" in result.stderr
