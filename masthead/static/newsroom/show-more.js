// "Show More" is a plain link to the next page; with JavaScript, its stories load in place.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-show-more]");
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const list = document.getElementById(link.dataset.showMore);
  if (!list) return;
  event.preventDefault();
  link.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(link.href, { credentials: "same-origin" });
    if (!response.ok) throw new Error(response.status);
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const known = new Set([...list.children].map((item) => item.dataset.id));
    const fresh = [...(page.getElementById(link.dataset.showMore)?.children ?? [])]
      .filter((item) => !known.has(item.dataset.id));
    list.append(...fresh);
    fresh[0]?.querySelector("a")?.focus();
    const next = page.querySelector(`a[data-show-more="${link.dataset.showMore}"]`);
    if (next) link.href = next.href; else link.remove();
  } catch {
    window.location.href = link.href; // fall back to the plain next page
  } finally {
    link.removeAttribute("aria-busy");
  }
});
