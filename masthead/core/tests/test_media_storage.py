"""Media on S3-compatible storage, against an S3 server on loopback (moto's, speaking the S3
HTTP API) and the real boto3 client that django-storages uses."""

import socket

import boto3
import pytest

from masthead.conftest import renditions_worker_run, settings_in_fresh_process
from masthead.newsroom.tests import builders

BUCKET = "courier-media"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_media(settings, s3_server):
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "access_key": "test",
                "secret_key": "test",
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "location": "media",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
    }
    return client


def test_uploads_and_renditions_go_to_the_bucket(client, newsroom, s3_media, s3_server):
    image = builders.image_make(title="Flood", size=(800, 450))
    story = builders.article_make(section=newsroom["news"], lead_image=image)
    renditions_worker_run(image)
    html = client.get(story.url).content.decode()
    keys = [item["Key"] for item in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert any(key.startswith("media/original_images/") for key in keys)
    assert any(key.startswith("media/images/") and key.endswith(".webp") for key in keys)
    assert f"{s3_server}/{BUCKET}/media/images/" in html


def _settings_process(**env):
    return settings_in_fresh_process(
        "s.STORAGES['default']['BACKEND'], s.MEDIA_SERVE", drop=("MEDIA_",), SECRET_KEY="x", **env
    )


def test_a_bucket_switches_media_to_s3_and_stops_serving_it_locally():
    result = _settings_process(
        MEDIA_S3_BUCKET="b", MEDIA_S3_ACCESS_KEY_ID="k", MEDIA_S3_SECRET_ACCESS_KEY="s"
    )
    assert result.stdout.strip() == "storages.backends.s3.S3Storage False"


def test_a_bucket_without_credentials_fails_at_start():
    result = _settings_process(MEDIA_S3_BUCKET="b")
    assert result.returncode != 0 and "needs MEDIA_S3_ACCESS_KEY_ID" in result.stderr
