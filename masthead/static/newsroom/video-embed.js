// An embedded video is the poster and a link to the video on its site: nothing comes from
// that site until the reader presses play. With JavaScript the link becomes a button that
// puts the (privacy-enhanced) player in its place. Safe to include more than once a page.
for (const link of document.querySelectorAll("a[data-embed-player]")) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.append(...link.childNodes);
  button.addEventListener("click", () => {
    const frame = document.createElement("iframe");
    frame.src = link.dataset.embedPlayer;
    frame.title = link.dataset.embedTitle;
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    button.closest(".video-embed").replaceChildren(frame);
    frame.focus(); // keyboard and screen-reader users carry on inside the player
  });
  link.replaceWith(button);
}
