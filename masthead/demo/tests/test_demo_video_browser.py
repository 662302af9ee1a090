"""The demo's video clips play in Debian's Chromium, with their captions, under the site's
Content-Security-Policy."""

import pytest
from django.utils import timezone

from masthead.demo import services, videos

# The live server reads committed data; serialized_rollback brings back what migrations made.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Waits in the page for the clip's metadata and the captions, plays a moment, reports back.
PLAYBACK = """async (type) => {
  const video = document.querySelector("video");
  const track = video.querySelector("track");
  const settled = (target, ready, events) => new Promise((resolve) => {
    if (ready()) return resolve();
    for (const name of events) target.addEventListener(name, resolve, { once: true });
    setTimeout(resolve, 10000);
  });
  await settled(video, () => video.readyState >= HTMLMediaElement.HAVE_METADATA,
                ["loadedmetadata", "error"]);
  await settled(track, () => track.readyState >= HTMLTrackElement.LOADED, ["load", "error"]);
  video.muted = true;
  let played = 0;
  try {
    await video.play();
    await settled(video, () => video.currentTime > 0.2, ["timeupdate"]);
    await settled(video, () => video.currentTime > 0.2, ["timeupdate"]);
    played = video.currentTime;
  } catch (error) {
    played = String(error);
  }
  return {
    readyState: video.readyState,
    duration: video.duration,
    size: [video.videoWidth, video.videoHeight],
    canPlay: video.canPlayType(type),
    source: video.currentSrc,
    played,
    track: track.readyState,
    kind: track.track.kind,
    language: track.track.language,
    label: track.track.label,
    cues: [...track.track.cues].map((cue) => cue.text),
  };
}"""


@pytest.fixture
def demo_video(ffmpeg, newsroom):
    notes = []
    made = services.demo_videos_ensure(index=newsroom["videos"], now=timezone.now(), notes=notes)
    assert notes == []
    return made[0]


def test_a_demo_video_plays_with_its_captions(chromium, live_server, demo_video):
    address, clip = f"{live_server.url}{demo_video.url}", demo_video.video_file.url

    async def scenario(browser):
        page = await browser.new_page()
        violations = []
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        await page.goto(address)
        return await page.evaluate(PLAYBACK, videos.CONTENT_TYPE), violations

    state, violations = chromium(scenario)
    assert state["canPlay"] in ("probably", "maybe"), state
    assert state["readyState"] >= 1 and state["duration"] == pytest.approx(6, abs=0.1), state
    assert state["size"] == [640, 360]
    assert state["source"] == f"{live_server.url}{clip}"
    assert isinstance(state["played"], float) and state["played"] > 0.2, state
    assert state["track"] == 2, state  # LOADED
    assert (state["kind"], state["language"], state["label"]) == ("captions", "en", "English")
    assert state["cues"][0] == "Dawn over the lower embankment. The Verkhnia is at 3.2 metres."
    assert violations == []
