// For test_accessibility.py: how far the page is wider than the window, and which boxes
// cover one another (pictures, headings, paragraphs, links, controls; each line of an inline
// element on its own, so a link that wraps does not "cover" its line). A video player lays
// its play button on its poster on purpose, and hidden helpers are left out.
() => {
  const doc = document.documentElement;
  const shapes = (el) => {
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.opacity === "0") return null;
    if (el.closest(".visually-hidden, .skip-link, [hidden], .video-player")) return null;
    const rects = [...el.getClientRects()].filter((r) => r.width >= 2 && r.height >= 2);
    return rects.length ? rects : null;
  };
  const selector = [
    "main img", "main video", "main h1", "main h2", "main h3", "main h4", "main p",
    "main li > a", "main button", "main input", "main label", "main time",
    ".site-header a", ".campaign a", ".campaign p",
  ].join(", ");
  const boxes = [];
  for (const el of document.querySelectorAll(selector)) {
    const rects = shapes(el);
    if (rects) boxes.push([el, rects]);
  }
  const cover = (a, b) => {
    const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return width > 2 && height > 2;
  };
  const name = (el) => {
    const classes = el.className ? "." + String(el.className).trim().split(/\s+/).join(".") : "";
    return `${el.tagName.toLowerCase()}${classes} "${el.textContent.trim().slice(0, 30)}"`;
  };
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, rectsA] = boxes[i];
      const [b, rectsB] = boxes[j];
      if (a.contains(b) || b.contains(a)) continue;
      if (rectsA.some((ra) => rectsB.some((rb) => cover(ra, rb)))) {
        overlaps.push(`${name(a)} over ${name(b)}`);
      }
    }
  }
  return { overflow: doc.scrollWidth - doc.clientWidth, overlaps: overlaps.slice(0, 6) };
}
